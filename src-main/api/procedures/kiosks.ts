import type { Procedure } from '../registry.ts';
// kiosks.* and kiosk.* procedures (issue 5).
export const kioskProcedures: Procedure[] = [];
