// Every procedure of the public API, in one list. Transports and the OpenAPI document read it.
import type { z } from 'zod';
import type { Procedure } from '../registry.ts';
import { authProcedures } from './auth.ts';
import { userProcedures } from './users.ts';
import { categoryProcedures } from './categories.ts';
import { ticketProcedures } from './tickets.ts';
import { messageProcedures } from './messages.ts';
import { analyticsProcedures } from './analytics.ts';
import { kioskProcedures } from './kiosks.ts';
import { accountProcedures } from './account.ts';
import { notificationProcedures } from './notifications.ts';
import { settingsProcedures } from './settings.ts';

export const allProcedures: readonly Procedure[] = [
  ...authProcedures,
  ...userProcedures,
  ...categoryProcedures,
  ...ticketProcedures,
  ...messageProcedures,
  ...analyticsProcedures,
  ...kioskProcedures,
  ...accountProcedures,
  ...notificationProcedures,
  ...settingsProcedures,
] as Procedure[];

type Defined =
  | (typeof authProcedures)[number] | (typeof userProcedures)[number] | (typeof categoryProcedures)[number]
  | (typeof ticketProcedures)[number] | (typeof messageProcedures)[number] | (typeof analyticsProcedures)[number]
  | (typeof kioskProcedures)[number]
  | (typeof accountProcedures)[number] | (typeof notificationProcedures)[number] | (typeof settingsProcedures)[number];

/** Every procedure's input and output types by name, derived from the definitions (for typed clients). */
export type DefinedProcedureTypes = {
  [P in Defined as P['name']]: { input: z.input<P['input']>; output: z.output<P['output']> };
};

// Clients read these types as src-shared/procedures.ts's ProcedureTypes (declaration merging).
declare module '../../../src-shared/procedures.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the merge adds the derived members
  interface ProcedureTypes extends DefinedProcedureTypes {}
}
