import type { Procedure } from '../registry.ts';
// analytics.* procedures (issue 4).
export const analyticsProcedures: Procedure[] = [];
