import type { Procedure } from '../registry.ts';
export const messageProcedures: Procedure[] = [];
