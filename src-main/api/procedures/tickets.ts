import type { Procedure } from '../registry.ts';
export const ticketProcedures: Procedure[] = [];
