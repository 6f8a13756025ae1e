// tickets.import: bringing history over from an older system, all or nothing. Dates are
// taken as given; references (category, usernames) must exist and be active.
//
// Long work must not delay short work: 10,000 tickets are written in steps of IMPORT_STEP
// tickets, each its own short write transaction, and between steps the writer's thread
// answers other calls (their writes commit in between). All or nothing still holds for the
// outcome: every reference is checked before the first step; the ids written so far are
// kept in an undo journal (a `settings` row, updated in each step's transaction); a step
// that fails removes what the earlier steps wrote, and a hub that stopped half-way removes
// it at its next start (recoverInterruptedImports). The last step deletes the journal row
// in its own transaction, so the import is complete exactly when the row is gone. The price:
// while an import runs, other calls can already see the tickets of its finished steps.
import { eq, inArray, like } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { tickets, messages, users, categories, settings, ticketEvents } from '../db/schema.ts';
import { AppError } from './errors.ts';
import type { ErrorDetail } from '../../src-shared/errors.ts';
import { recordEvent } from './tickets/history.ts';
import { toIso } from '../../src-shared/schemas.ts';
import { priorityRank, type Priority, type Role, type Status } from '../../src-shared/domain.ts';
import type { Actor, Core } from './context.ts';
import { inTransaction } from './notifications-bus.ts';

/** The `to` value of an imported ticket's `imported` event (shared with the demo data). */
export const importedEventValue = (status: Status, openedAt: number): Record<string, unknown> => ({ status, openedAt: toIso(openedAt) });

export interface ImportTicketInput {
  subject: string;
  description: string;
  category: string;
  status: Status;
  priority?: Priority | undefined;
  location?: string | undefined;
  openedAt: string;
  updatedAt?: string | undefined;
  closedAt?: string | undefined;
  reporterUsername?: string | undefined;
  assigneeUsername?: string | undefined;
  messages?: { authorUsername?: string | undefined; body: string; internal?: boolean | undefined; createdAt: string }[] | undefined;
}

/** The reference fields of one import ticket (strings where the input had strings). */
export interface ImportReferences {
  category?: string | undefined;
  reporterUsername?: string | undefined;
  assigneeUsername?: string | undefined;
  messages?: { authorUsername?: string | undefined }[] | undefined;
}

interface ResolvedReferences { categoryId: number; reporterId: number | null; assigneeId: number | null; authors: (number | null)[] }

/** How references are looked up: in the database here, or (command line over a hub) in categories.list and users.list. */
export interface ReferenceLookup {
  category: (slug: string) => { id: number; active: boolean } | undefined;
  user: (name: string) => { id: number; active: boolean; role: Role } | undefined;
}

/** The database's categories and users, each distinct one read once. */
function databaseLookup(core: Core): ReferenceLookup {
  const categoryCache = new Map<string, { id: number; active: boolean } | undefined>();
  const userCache = new Map<string, { id: number; active: boolean; role: Role } | undefined>();
  return {
    category: (slug) => {
      if (!categoryCache.has(slug)) categoryCache.set(slug, core.db.select({ id: categories.id, active: categories.active }).from(categories).where(eq(categories.slug, slug)).get());
      return categoryCache.get(slug);
    },
    user: (name) => {
      if (!userCache.has(name)) userCache.set(name, core.db.select({ id: users.id, active: users.active, role: users.role }).from(users).where(eq(users.username, name)).get());
      return userCache.get(name);
    },
  };
}

function resolveReferences(core: Core, list: readonly ImportReferences[]): { resolved: ResolvedReferences[]; details: ErrorDetail[] } {
  return resolveReferencesWith(databaseLookup(core), list);
}

/**
 * Looks up every category and username of the list: the ids, and one detail per reference
 * that is unknown or inactive (assignees must also be staff).
 */
export function resolveReferencesWith(lookup: ReferenceLookup, list: readonly ImportReferences[]): { resolved: ResolvedReferences[]; details: ErrorDetail[] } {
  const { category, user } = lookup;
  const details: ErrorDetail[] = [];
  const resolveUser = (name: string | undefined, path: string, staffOnly = false): number | null => {
    if (name === undefined) return null;
    const u = user(name);
    if (!u || !u.active) { details.push({ path, message: `There is no active user "${name}".` }); return null; }
    if (staffOnly && u.role === 'reporter') { details.push({ path, message: `User "${name}" is a reporter; assignees must be agents or admins.` }); return null; }
    return u.id;
  };
  const resolved = list.map((t, i) => {
    const cat = t.category === undefined ? undefined : category(t.category);
    if (t.category !== undefined && (!cat || !cat.active)) details.push({ path: `tickets.${i}.category`, message: `There is no active category "${t.category}".` });
    return {
      categoryId: cat?.id ?? 0,
      reporterId: resolveUser(t.reporterUsername, `tickets.${i}.reporterUsername`),
      assigneeId: resolveUser(t.assigneeUsername, `tickets.${i}.assigneeUsername`, true),
      authors: (t.messages ?? []).map((m, j) => resolveUser(m.authorUsername, `tickets.${i}.messages.${j}.authorUsername`)),
    };
  });
  return { resolved, details };
}

/**
 * The reference problems of an import whose input failed its schema, for the fields whose
 * values are at least strings: so one VALIDATION answer lists every offending field.
 */
export function importReferenceDetails(core: Core, input: unknown): ErrorDetail[] {
  const list = (input as { tickets?: unknown } | null)?.tickets;
  if (!Array.isArray(list) || list.length > 10_000) return [];
  return resolveReferences(core, referencesOf(list)).details;
}

/** The reference fields of import tickets not (yet) checked against their schema: the string values, trimmed. */
export function referencesOf(list: readonly unknown[]): ImportReferences[] {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);
  return list.map((t: unknown): ImportReferences => {
    const r = (t ?? {}) as Record<string, unknown>;
    return {
      category: str(r.category), reporterUsername: str(r.reporterUsername), assigneeUsername: str(r.assigneeUsername),
      messages: Array.isArray(r.messages) ? r.messages.map((m: unknown) => ({ authorUsername: str((m as Record<string, unknown> | null)?.authorUsername) })) : undefined,
    };
  });
}

function checkedReferences(core: Core, list: readonly ImportTicketInput[]): ResolvedReferences[] {
  const { resolved, details } = resolveReferences(core, list);
  if (details.length > 0) {
    throw new AppError('VALIDATION', `The import was rejected: ${details.length} reference${details.length > 1 ? 's are' : ' is'} unknown or inactive; nothing was imported.`, details);
  }
  return resolved;
}

/** Imports the tickets in one transaction (the caller's); returns their ids in input order. */
export function importTickets(core: Core, actor: Actor, list: ImportTicketInput[]): number[] {
  return writeTickets(core, actor, list, checkedReferences(core, list), core.clock.now());
}

/**
 * Tickets per step of importTicketsInSteps: one step is a short write transaction, and the
 * writer's thread answers nothing while it runs. Each call waiting on that thread (its body
 * read, a read worker's answer relayed, its reply written) waits up to one step per turn of
 * the event loop, so steps are kept to a few milliseconds at 1M tickets.
 */
export const IMPORT_STEP = 50;
const JOURNAL_PREFIX = 'import.undo.';

/** Waits for the event loop to run other callbacks (requests that arrived meanwhile). */
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Imports the tickets in steps (see the header), all or nothing; returns their ids in input
 * order. `afterStep` (tests) runs after each committed step but the last.
 */
export async function importTicketsInSteps(core: Core, actor: Actor, list: ImportTicketInput[], afterStep?: (done: number) => void | Promise<void>): Promise<number[]> {
  const resolved = checkedReferences(core, list);
  const now = core.clock.now();
  if (list.length <= IMPORT_STEP) return inTransaction(core, () => writeTickets(core, actor, list, resolved, now));
  const key = `${JOURNAL_PREFIX}${randomBytes(8).toString('hex')}`;
  const ids: number[] = [];
  try {
    for (let start = 0; start < list.length; start += IMPORT_STEP) {
      const end = Math.min(list.length, start + IMPORT_STEP);
      const last = end === list.length;
      // inTransaction: each step's after-commit work (notifications) runs once the step committed.
      inTransaction(core, () => {
        ids.push(...writeTickets(core, actor, list.slice(start, end), resolved.slice(start, end), now));
        if (last) core.db.delete(settings).where(eq(settings.key, key)).run();
        else {
          const value = JSON.stringify({ startedAt: now, actorId: actor.id, ids });
          core.db.insert(settings).values({ key, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
        }
      });
      if (!last) {
        await afterStep?.(end);
        await yieldToOthers();
      }
    }
    return ids;
  } catch (err) {
    undoImport(core, key, ids);
    throw err;
  }
}

/** Removes what an unfinished import wrote (its tickets, their messages and events) and its journal row. */
function undoImport(core: Core, key: string, ids: readonly number[]): void {
  // What others attached to those tickets meanwhile goes with them (notifications, mail
  // queued about them) or lets go of them (received mail, uploaded files stay, unattached).
  const detach = [
    'DELETE FROM notifications WHERE ticket_id IN (SELECT value FROM json_each(?))',
    'DELETE FROM outbox WHERE ticket_id IN (SELECT value FROM json_each(?))',
    'UPDATE inbound_mail SET ticket_id = NULL, message_row_id = NULL WHERE ticket_id IN (SELECT value FROM json_each(?))',
    'UPDATE files SET ticket_id = NULL, message_id = NULL, attached_at = NULL WHERE ticket_id IN (SELECT value FROM json_each(?))',
  ].map((sqlText) => core.sqlite.prepare<[string]>(sqlText));
  core.sqlite.transaction(() => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const stmt of detach) stmt.run(JSON.stringify(chunk));
      core.db.delete(messages).where(inArray(messages.ticketId, chunk)).run();
      core.db.delete(ticketEvents).where(inArray(ticketEvents.ticketId, chunk)).run();
      core.db.delete(tickets).where(inArray(tickets.id, chunk)).run();
    }
    core.db.delete(settings).where(eq(settings.key, key)).run();
  }).immediate();
}

/** At start: undoes imports that a stopped hub left half-done (their journal rows). Returns how many. */
export function recoverInterruptedImports(core: Core): number {
  const rows = core.db.select().from(settings).where(like(settings.key, `${JOURNAL_PREFIX}%`)).all();
  for (const row of rows) {
    let ids: number[] = [];
    try { ids = (JSON.parse(row.value) as { ids?: number[] }).ids ?? []; } catch { /* a damaged row: drop it */ }
    undoImport(core, row.key, ids.filter((x) => Number.isSafeInteger(x)));
    core.log.warn({ tickets: ids.length }, 'an import that did not finish was undone');
  }
  return rows.length;
}

function writeTickets(core: Core, actor: Actor, list: readonly ImportTicketInput[], resolved: readonly ResolvedReferences[], now: number): number[] {
  const ids: number[] = [];
  list.forEach((t, i) => {
    const r = resolved[i]!;
    const openedAt = Date.parse(t.openedAt);
    const closedAt = t.closedAt === undefined ? null : Date.parse(t.closedAt);
    const msgTimes = (t.messages ?? []).map((m) => Date.parse(m.createdAt));
    const updatedAt = t.updatedAt !== undefined ? Date.parse(t.updatedAt) : Math.max(openedAt, closedAt ?? openedAt, ...msgTimes);
    const row = core.db.insert(tickets).values({
      subject: t.subject, description: t.description, status: t.status,
      priority: priorityRank(t.priority ?? 'normal'), categoryId: r.categoryId, location: t.location ?? null,
      reporterId: r.reporterId, assigneeId: r.assigneeId, channel: 'import',
      openedAt, updatedAt, closedAt, version: 1,
    }).returning({ id: tickets.id }).get();
    (t.messages ?? []).forEach((m, j) => {
      core.db.insert(messages).values({ ticketId: row.id, authorId: r.authors[j] ?? null, body: m.body, internal: m.internal ?? false, createdAt: msgTimes[j]! }).run();
    });
    recordEvent(core, row.id, actor.id, 'imported', null, importedEventValue(t.status, openedAt), now);
    ids.push(row.id);
  });
  return ids;
}
