// tickets.import: bringing history over from an older system, all or nothing. Dates are
// taken as given; references (category, usernames) must exist and be active.
import { eq } from 'drizzle-orm';
import { tickets, messages, users, categories } from '../db/schema.ts';
import { AppError } from './errors.ts';
import type { ErrorDetail } from '../../src-shared/errors.ts';
import { recordEvent } from './tickets/history.ts';
import { toIso } from '../../src-shared/schemas.ts';
import { priorityRank, type Priority, type Role, type Status } from '../../src-shared/domain.ts';
import type { Actor, Core } from './context.ts';

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

/**
 * Looks up every category and username of the list (each distinct one once): the ids, and one
 * detail per reference that is unknown or inactive (assignees must also be staff).
 */
function resolveReferences(core: Core, list: readonly ImportReferences[]): { resolved: ResolvedReferences[]; details: ErrorDetail[] } {
  const categoryCache = new Map<string, { id: number; active: boolean } | undefined>();
  const userCache = new Map<string, { id: number; active: boolean; role: Role } | undefined>();
  const category = (slug: string) => {
    if (!categoryCache.has(slug)) categoryCache.set(slug, core.db.select({ id: categories.id, active: categories.active }).from(categories).where(eq(categories.slug, slug)).get());
    return categoryCache.get(slug);
  };
  const user = (name: string) => {
    if (!userCache.has(name)) userCache.set(name, core.db.select({ id: users.id, active: users.active, role: users.role }).from(users).where(eq(users.username, name)).get());
    return userCache.get(name);
  };

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
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);
  const refs = list.map((t: unknown): ImportReferences => {
    const r = (t ?? {}) as Record<string, unknown>;
    return {
      category: str(r.category), reporterUsername: str(r.reporterUsername), assigneeUsername: str(r.assigneeUsername),
      messages: Array.isArray(r.messages) ? r.messages.map((m: unknown) => ({ authorUsername: str((m as Record<string, unknown> | null)?.authorUsername) })) : undefined,
    };
  });
  return resolveReferences(core, refs).details;
}

/** Imports the tickets in one transaction (the caller's); returns their ids in input order. */
export function importTickets(core: Core, actor: Actor, list: ImportTicketInput[]): number[] {
  const { resolved, details } = resolveReferences(core, list);
  if (details.length > 0) {
    throw new AppError('VALIDATION', `The import was rejected: ${details.length} reference${details.length > 1 ? 's are' : ' is'} unknown or inactive; nothing was imported.`, details);
  }

  const now = core.clock.now();
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
