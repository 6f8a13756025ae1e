// The ticket status rules, in one place (spec: Objects, Permissions inside procedures).
//
//   statuses: open, in_progress, waiting (the *active* ones), resolved, closed.
//   agents/admins: any status may move to any other.
//   reporters, on their own tickets only: any status → closed, and resolved/closed → open (reopen).
//   closedAt: set when moving from an active status to resolved/closed; kept when moving
//             between resolved and closed; cleared when moving back to an active status.
import { forbidden } from './errors.ts';
import { isActive, type Role, type Status } from '../../src-shared/domain.ts';

/** Throws FORBIDDEN unless `role` may move a ticket (that `ownsTicket` or not) from `from` to `to`. */
export function assertTransitionAllowed(role: Role, from: Status, to: Status): void {
  if (role === 'agent' || role === 'admin') return;
  if (to === 'closed') return;
  if (to === 'open' && (from === 'resolved' || from === 'closed')) return;
  throw forbidden(`A reporter may close a ticket or reopen a resolved or closed one, not move it from ${from} to ${to}.`);
}

/** The ticket's closedAt after moving from `from` to `to` at `now`. */
export function closedAtAfter(from: Status, to: Status, closedAt: number | null, now: number): number | null {
  if (isActive(to)) return null;
  if (isActive(from)) return now;
  return closedAt ?? now;
}

/** Reporters edit subject, description and location only while their ticket is active. */
export function reporterMayEdit(status: Status): boolean {
  return isActive(status);
}
