// Who may see and change which ticket data. Every procedure that touches tickets,
// messages or history goes through these checks; transports and the UI hold no rules.
//
// - Reporters see only the tickets they reported; any other ticket is NOT_FOUND for them
//   (never FORBIDDEN, so its existence does not leak).
// - Reporters never see internal notes (messages, history events of type `note`), nor
//   kiosk contact details; they may not add notes.
// - Reporters may edit subject, description and location of their own active ticket; only
//   agents and admins set category (after creation), priority and assignee.
import { forbidden, notFound } from './errors.ts';
import { isStaff, type Actor } from './context.ts';

export interface TicketOwnership {
  id: number;
  reporterId: number | null;
}

/** NOT_FOUND unless the actor may see this ticket. */
export function assertCanSeeTicket(actor: Actor, ticket: TicketOwnership | undefined, id: number): asserts ticket is TicketOwnership {
  if (!ticket || (!isStaff(actor) && ticket.reporterId !== actor.id)) throw notFound(`There is no ticket #${id}.`);
}

export const canSeeInternal = (actor: Actor): boolean => isStaff(actor);
export const canSeeContact = (actor: Actor): boolean => isStaff(actor);

export const STAFF_ONLY_TICKET_FIELDS = ['category', 'priority', 'assigneeId'] as const;

/** FORBIDDEN when a reporter names a field only staff may set. */
export function assertMaySetFields(actor: Actor, fields: readonly string[]): void {
  if (isStaff(actor)) return;
  const denied = fields.filter((f) => (STAFF_ONLY_TICKET_FIELDS as readonly string[]).includes(f));
  if (denied.length > 0) throw forbidden(`Only helpdesk staff may set ${denied.join(', ')}.`);
}

export function assertMayAddInternal(actor: Actor, internal: boolean): void {
  if (internal && !isStaff(actor)) throw forbidden('Only helpdesk staff may add internal notes.');
}
