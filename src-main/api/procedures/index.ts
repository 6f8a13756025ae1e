// Every procedure of the public API, in one list. Transports and the OpenAPI document read it.
import type { Procedure } from '../registry.ts';
import { authProcedures } from './auth.ts';
import { userProcedures } from './users.ts';
import { categoryProcedures } from './categories.ts';
import { ticketProcedures } from './tickets.ts';
import { messageProcedures } from './messages.ts';
import { analyticsProcedures } from './analytics.ts';
import { kioskProcedures } from './kiosks.ts';

export const allProcedures: readonly Procedure[] = [
  ...authProcedures,
  ...userProcedures,
  ...categoryProcedures,
  ...ticketProcedures,
  ...messageProcedures,
  ...analyticsProcedures,
  ...kioskProcedures,
] as Procedure[];
