// `campusdesk --hub URL import FILE`: a file of any size over a hub, in batches of at most
// 10,000 tickets (one tickets.import call each; `--batch-size N` sends fewer per call).
//
// Each call is its own transaction on the hub and the API cannot delete tickets, so the
// batches cannot be one transaction. Instead the WHOLE file is checked before the first
// batch is sent: every ticket against the API's own schema (src-shared/import-schema.ts)
// and every reference (categories, usernames) against categories.list and users.list with
// the hub's own rule (core/import.ts resolveReferencesWith). A file with mistakes reports
// them all, with line and column, and imports nothing. Only a change on the hub between the
// check and a later batch (someone deactivates a category meanwhile) can still refuse a
// batch: then the import stops and says which lines are in (with their ticket ids), which
// are not, and the command that imports the rest (`--skip N`).
import { ImportTicket, IMPORT_MAX } from '../../../src-shared/import-schema.ts';
import type { ErrorDetail } from '../../../src-shared/errors.ts';
import { ROLES, type Role } from '../../../src-shared/domain.ts';
import { referencesOf, resolveReferencesWith, type ImportReferences, type ReferenceLookup } from '../../core/import.ts';
import { zodDetails } from '../../api/registry.ts';
import { AppError } from '../../core/errors.ts';
import type { Connection, In } from './connection.ts';
import { progress } from './output.ts';

type ImportTicketIn = In<'tickets.import'>['tickets'][number];

/** users.list answers at most this many users per call. */
const USERS_PAGE = 1000;

export interface HubImport {
  file: string;
  messagesFile: string | undefined;
  tickets: ImportTicketIn[];
  /** Where ticket i starts in the file (its line), for the report. */
  lineOf(index: number): number | null;
  /** An API detail (path `tickets.N…`, N counted from `offset`) as a sentence naming its place in the files. */
  describe(detail: ErrorDetail, offset: number): string;
  /** Tickets of the file left out before these (--skip). */
  skipped: number;
  /** Tickets per tickets.import call (--batch-size; default IMPORT_MAX, the most one call takes). */
  batchSize?: number | undefined;
  log(line: string): void;
}

/** The hub's users with the given usernames (each looked up once; all users when the hub has few). */
async function hubUsers(conn: Connection, names: ReadonlySet<string>): Promise<Map<string, { id: number; active: boolean; role: Role }>> {
  const found = new Map<string, { id: number; active: boolean; role: Role }>();
  if (!names.size) return found;
  let complete = true;
  for (const role of ROLES) {
    const { items } = await conn.call('users.list', { role });
    if (items.length >= USERS_PAGE) complete = false;
    for (const u of items) found.set(u.username, u);
  }
  if (!complete) {
    for (const name of names) {
      if (found.has(name)) continue;
      for (const u of (await conn.call('users.list', { q: name })).items) found.set(u.username, u);
    }
  }
  return found;
}

/** Every problem of the file (shape and references), as sentences with line and column; empty: the file may be sent. */
export async function checkForHub(conn: Connection, job: HubImport): Promise<string[]> {
  const details: ErrorDetail[] = [];
  const refs: ImportReferences[] = job.tickets.map((t, i) => {
    const parsed = ImportTicket.safeParse(t);
    if (parsed.success) return parsed.data;
    details.push(...zodDetails(parsed.error, ['tickets', i]));
    return referencesOf([t])[0]!;
  });
  const names = new Set<string>();
  for (const r of refs) {
    for (const n of [r.reporterUsername, r.assigneeUsername, ...(r.messages ?? []).map((m) => m.authorUsername)]) if (n !== undefined) names.add(n);
  }
  const categories = new Map((await conn.call('categories.list', {})).items.map((c) => [c.slug, { id: 0, active: c.active }]));
  const users = await hubUsers(conn, names);
  const lookup: ReferenceLookup = { category: (slug) => categories.get(slug), user: (name) => users.get(name) };
  for (const d of resolveReferencesWith(lookup, refs).details) if (!details.some((x) => x.path === d.path)) details.push(d);
  const index = (d: ErrorDetail) => Number(/^tickets\.(\d+)/.exec(d.path)?.[1] ?? -1);
  details.sort((a, b) => index(a) - index(b));
  return details.map((d) => job.describe(d, 0));
}

const plural = (n: number, one: string) => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;

/** Ids as ranges ("5–10004, 10010–10020"). */
function idRanges(ids: readonly number[]): string {
  const parts: string[] = [];
  let start = ids[0]!, prev = ids[0]!;
  for (const id of [...ids.slice(1), NaN]) {
    if (id === prev + 1) { prev = id; continue; }
    parts.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = prev = id;
  }
  return parts.join(', ');
}

/**
 * Checks the whole file, then sends it in batches; answers the new ids. Throws a VALIDATION
 * AppError (nothing imported) for a file with mistakes, and an AppError naming what was and
 * was not imported when a batch after the first is refused.
 */
export async function importOverHub(conn: Connection, job: HubImport): Promise<number[]> {
  const problems = await checkForHub(conn, job);
  if (problems.length) {
    for (const p of problems) job.log(`  ${p}`);
    throw new AppError('VALIDATION', `${problems.length} problem(s) in ${job.file}; nothing was imported.`);
  }
  const total = job.tickets.length;
  const size = job.batchSize ?? IMPORT_MAX;
  const batches = Math.ceil(total / size);
  const ids: number[] = [];
  const bar = progress(total, 'Importing');
  let barEnded = false;
  const endBar = () => { if (!barEnded) { barEnded = true; bar.end(); } };
  bar.tick(0);
  const lines = (from: number, to: number): string => {
    const a = job.lineOf(from), b = job.lineOf(to);
    const which = `tickets ${(job.skipped + from + 1).toLocaleString('en')}–${(job.skipped + to + 1).toLocaleString('en')} of the file`;
    return a !== null && b !== null ? `lines ${a.toLocaleString('en')}–${b.toLocaleString('en')} (${which})` : which;
  };
  try {
    for (let start = 0, n = 1; start < total; start += size, n++) {
      const end = Math.min(total, start + size);
      try {
        ids.push(...(await conn.call('tickets.import', { tickets: job.tickets.slice(start, end) })).ids);
      } catch (err) {
        if (start === 0) throw err; // nothing is in yet: the usual error
        const reasons = err instanceof AppError && err.details.length ? err.details.map((d) => job.describe(d, start)) : [];
        const done = job.skipped + start;
        const again = ['campusdesk', '--hub', conn.where, 'import', job.file, ...(job.messagesFile ? ['--messages', job.messagesFile] : []), ...(job.batchSize ? ['--batch-size', String(job.batchSize)] : []), '--skip', String(done)]
          .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
        endBar();
        // An answer from the hub: that batch is not in (tickets.import is all or nothing). No
        // answer (the connection failed): it may have been imported all the same.
        const answered = err instanceof AppError;
        job.log(`campusdesk: batch ${n} of ${batches} (${lines(start, end - 1)}) ${answered ? 'was refused by the hub' : 'got no answer'}: ${err instanceof Error ? err.message : String(err)}`);
        for (const r of reasons) job.log(`  ${r}`);
        job.log(`Imported: ${lines(0, start - 1)}, as ${plural(ids.length, 'ticket')} with the ids ${idRanges(ids)}.`);
        job.log(answered ? `Not imported: ${lines(start, total - 1)}.`
          : `Not imported: ${end < total ? lines(end, total - 1) : 'none after it'}; batch ${n} may or may not be in (look for its first and last ticket with "tickets list --q" before resuming: if they are there, use --skip ${job.skipped + end}).`);
        job.log(`Fix the cause, then import the rest with:\n  ${again}`);
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        throw new AppError(code, `The import stopped at batch ${n} of ${batches}: ${plural(ids.length, 'ticket')} imported, ${plural(total - start, 'ticket')} not (resume with --skip ${done}).`);
      }
      bar.tick(end);
    }
  } finally {
    endBar();
  }
  return ids;
}
