// `campusdesk import FILE [--messages FILE]` and `campusdesk export tickets FILE.csv [filters]
// [--messages FILE.csv]`.
//
// Import reads a CSV whose header row uses the ImportTicket field names (subject, description,
// category, status, priority, location, openedAt, updatedAt, closedAt, reporterUsername,
// assigneeUsername), with the messages as a second CSV or JSON (`ticket` = the ticket's data
// row, 1 for the first, then authorUsername, body, internal, createdAt), or the JSON of
// tickets.import (`{"tickets": [...]}` or the bare array). It is all or nothing:
//  - on a local database the batches (1,000 tickets each, through tickets.import) run inside
//    one SQLite transaction: every batch is validated (so every problem in the file is
//    reported, not just the first batch's), and the transaction commits only if all passed;
//  - on a hub (--hub) the whole file is checked first (shape and references), then sent in
//    batches of up to 10,000 tickets, each one tickets.import call (import-hub.ts says why
//    that is not one transaction, and what happens when a later batch is still refused).
// `--skip N` leaves out the first N tickets of the file (the ones an interrupted import over a
// hub already brought in); the messages file still numbers the tickets from the file's first.
// `--batch-size N` sets the tickets per tickets.import call (1 to the API's 10,000).
// Problems are reported with the line and column of the offending cell (CSV), or of the
// offending ticket or message object and the field's path (JSON).
//
// Export pages through tickets.list (200 a call) and writes each page as it arrives, so any
// number of tickets fits; the columns are the ImportTicket names, so export then import
// round-trips (ids, channels and versions are the importing database's own).
import { createWriteStream, openSync, readFileSync, type WriteStream } from 'node:fs';
import { extname } from 'node:path';
import { csvLine, type Cell } from '../../../src-shared/csv.ts';
import { AppError } from '../../core/errors.ts';
import type { ErrorDetail } from '../../../src-shared/errors.ts';
import type { Connection, In } from './connection.ts';
import { CsvSyntaxError, parseCsv } from './csv-read.ts';
import { listFlags, listInput, allTickets } from './tickets.ts';
import { progress } from './output.ts';
import { UsageError, str, type ApiCommand } from './command.ts';

type ImportTicket = In<'tickets.import'>['tickets'][number];
type ImportMessage = NonNullable<ImportTicket['messages']>[number];

export const TICKET_FIELDS = ['subject', 'description', 'category', 'status', 'priority', 'location', 'openedAt', 'updatedAt', 'closedAt', 'reporterUsername', 'assigneeUsername'] as const;
export const MESSAGE_FIELDS = ['ticket', 'authorUsername', 'body', 'internal', 'createdAt'] as const;
const LOCAL_BATCH = 1_000;

/** Where a value came from, for problem reports: a CSV record (columns by field) or a JSON object (its line and column). */
interface Origin { file: string; line: number; columns: Record<string, number>; column?: number; path?: string }

interface Loaded {
  tickets: ImportTicket[];
  /** Per ticket: where it came from (CSV), and where each of its messages came from. */
  origins: (Origin | null)[];
  messageOrigins: (Origin | null)[][];
}

class FileProblems extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`${problems.length} problem(s) in the file; nothing was imported.`);
    this.problems = problems;
  }
}

const where = (o: Origin, field: string): string => {
  if (o.column !== undefined) return `${o.file}: line ${o.line}, column ${o.column} (${o.path ?? 'object'}${field ? '.' + field : ''})`;
  const col = o.columns[field];
  return `${o.file}: line ${o.line}${col ? `, column ${col} (${field})` : ''}`;
};

function readText(file: string): string {
  try { return readFileSync(file, 'utf8'); } catch (err) { throw new UsageError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`); }
}

/**
 * Where each ticket object (and each of its messages) starts in a tickets.import JSON text
 * (`{"tickets": [...]}` or a bare array), for problem reports with line and column.
 */
export function jsonPositions(text: string): { tickets: { line: number; column: number }[]; messages: { line: number; column: number }[][] } {
  type Frame = { kind: 'obj' | 'arr'; key: string | null; expectKey: boolean; role: 'tickets' | 'messages' | 'ticket' | null; ticket: number; count: number };
  const tickets: { line: number; column: number }[] = [];
  const messages: { line: number; column: number }[][] = [];
  const stack: Frame[] = [];
  let line = 1, column = 0;
  let inString = false, escaped = false, str = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    column++;
    if (c === '\n') { line++; column = 0; }
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        const top = stack.at(-1);
        if (top?.kind === 'obj' && top.expectKey) { top.key = str; top.expectKey = false; }
      } else str += c;
      continue;
    }
    const top = stack.at(-1);
    if (c === '"') { inString = true; str = ''; }
    else if (c === ':' && top) top.expectKey = false;
    else if (c === ',' && top?.kind === 'obj') top.expectKey = true;
    else if (c === '[') {
      const role = !top || (stack.length === 1 && top.kind === 'obj' && top.key === 'tickets') ? 'tickets'
        : top.kind === 'obj' && top.role === 'ticket' && top.key === 'messages' ? 'messages' : null;
      stack.push({ kind: 'arr', key: null, expectKey: false, role, ticket: top?.ticket ?? -1, count: 0 });
    } else if (c === '{') {
      let role: Frame['role'] = null;
      let ticket = top?.ticket ?? -1;
      if (top?.kind === 'arr' && top.role === 'tickets') {
        role = 'ticket';
        ticket = top.count;
        tickets[ticket] = { line, column };
        messages[ticket] = [];
      } else if (top?.kind === 'arr' && top.role === 'messages') {
        (messages[top.ticket] ??= [])[top.count] = { line, column };
      }
      if (top?.kind === 'arr') top.count++;
      stack.push({ kind: 'obj', key: null, expectKey: true, role, ticket, count: 0 });
    } else if (c === ']' || c === '}') stack.pop();
  }
  return { tickets, messages };
}

function parseJson(file: string): unknown {
  try { return JSON.parse(readText(file)); } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new FileProblems([`${file}: not valid JSON: ${(err as Error).message}`]);
  }
}

/** CSV rows as objects of the header's fields; empty cells are left out. */
function csvObjects(file: string, allowed: readonly string[]): { rows: { obj: Record<string, string>; origin: Origin }[]; problems: string[] } {
  let records;
  try { records = parseCsv(readText(file)); } catch (err) {
    if (err instanceof CsvSyntaxError) throw new FileProblems([`${file}: line ${err.line}, column ${err.column}: ${err.message}`]);
    throw err;
  }
  const problems: string[] = [];
  const header = records.shift();
  if (!header) throw new FileProblems([`${file}: the file is empty (it needs a header row: ${allowed.join(',')})`]);
  const columns: Record<string, number> = {};
  header.fields.forEach((h, i) => {
    const name = h.trim();
    if (!allowed.includes(name)) problems.push(`${file}: line ${header.line}, column ${i + 1}: unknown column "${name}" (columns: ${allowed.join(', ')})`);
    else if (columns[name]) problems.push(`${file}: line ${header.line}, column ${i + 1}: column "${name}" appears twice`);
    else columns[name] = i + 1;
  });
  const rows = records.map((r) => {
    if (r.fields.length !== header.fields.length) problems.push(`${file}: line ${r.line}: ${r.fields.length} field(s), but the header has ${header.fields.length}`);
    const obj: Record<string, string> = {};
    for (const [name, col] of Object.entries(columns)) {
      const v = r.fields[col - 1];
      if (v !== undefined && v !== '') obj[name] = v;
    }
    return { obj, origin: { file, line: r.line, columns } };
  });
  return { rows, problems };
}

const BOOL: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

function loadMessages(file: string, count: number, into: Loaded, problems: string[]): void {
  const add = (row: number, m: ImportMessage, origin: Origin | null, label: string) => {
    if (!Number.isInteger(row) || row < 1 || row > count) {
      problems.push(`${label}: ticket must be the number of a ticket row, 1 to ${count}`);
      return;
    }
    const t = into.tickets[row - 1]!;
    (t.messages ??= []).push(m);
    into.messageOrigins[row - 1]!.push(origin);
  };
  if (extname(file).toLowerCase() === '.json') {
    const json = parseJson(file);
    if (!Array.isArray(json)) throw new FileProblems([`${file}: expected a JSON array of messages, each with "ticket" (the ticket's row number)`]);
    json.forEach((m: unknown, j) => {
      const { ticket, ...rest } = (m ?? {}) as Record<string, unknown>;
      add(Number(ticket), rest as unknown as ImportMessage, null, `${file}: [${j}]`);
    });
    return;
  }
  const { rows, problems: p } = csvObjects(file, MESSAGE_FIELDS);
  problems.push(...p);
  for (const { obj, origin } of rows) {
    const { ticket, internal, ...rest } = obj;
    const m: Record<string, unknown> = { ...rest };
    if (internal !== undefined) m.internal = BOOL[internal.trim().toLowerCase()] ?? internal;
    add(/^\d+$/.test(ticket ?? '') ? Number(ticket) : NaN, m as unknown as ImportMessage, origin, where(origin, 'ticket'));
  }
}

export function loadImport(file: string, messagesFile: string | undefined): Loaded {
  const problems: string[] = [];
  const loaded: Loaded = { tickets: [], origins: [], messageOrigins: [] };
  if (extname(file).toLowerCase() === '.json') {
    const json = parseJson(file);
    const list = Array.isArray(json) ? json : (json as { tickets?: unknown })?.tickets;
    if (!Array.isArray(list)) throw new FileProblems([`${file}: expected {"tickets": [...]} (the input of tickets.import) or an array of tickets`]);
    loaded.tickets = list as ImportTicket[];
    const pos = jsonPositions(readText(file));
    loaded.origins = list.map((_t, i) => {
      const p = pos.tickets[i];
      return p ? { file, line: p.line, column: p.column, columns: {}, path: `tickets[${i}]` } : null;
    });
    loaded.messageOrigins = list.map((t: { messages?: unknown[] }, i) => (Array.isArray(t?.messages) ? t.messages.map((_m, j) => {
      const p = pos.messages[i]?.[j];
      return p ? { file, line: p.line, column: p.column, columns: {}, path: `tickets[${i}].messages[${j}]` } : null;
    }) : []));
  } else {
    const { rows, problems: p } = csvObjects(file, TICKET_FIELDS);
    problems.push(...p);
    loaded.tickets = rows.map((r) => r.obj as unknown as ImportTicket);
    loaded.origins = rows.map((r) => r.origin);
    loaded.messageOrigins = rows.map(() => []);
  }
  if (messagesFile) loadMessages(messagesFile, loaded.tickets.length, loaded, problems);
  if (!loaded.tickets.length) problems.push(`${file}: no tickets to import`);
  if (problems.length) throw new FileProblems(problems);
  return loaded;
}

/** An API detail (`tickets.N.field…`, N within the batch) as a sentence naming its place in the files. */
function describe(d: ErrorDetail, offset: number, loaded: Loaded, file: string): string {
  const m = /^tickets\.(\d+)(?:\.(.+))?$/.exec(d.path);
  if (!m) return `${file}: ${d.path || 'input'}: ${d.message}`;
  const index = offset + Number(m[1]);
  const rest = m[2] ?? '';
  const msg = /^messages\.(\d+)(?:\.(\w+))?/.exec(rest);
  if (msg) {
    const mo = loaded.messageOrigins[index]?.[Number(msg[1])];
    if (mo) return `${where(mo, msg[2] ?? (mo.column !== undefined ? '' : 'body'))}: ${d.message}`;
  }
  const o = loaded.origins[index];
  if (o) return `${where(o, o.column !== undefined ? rest : (rest.split('.')[0] ?? ''))}: ${d.message}`;
  return `${file}: tickets[${index}]${rest ? '.' + rest : ''}: ${d.message}`;
}

export async function importFile(conn: Connection, file: string, loaded: Loaded, opts: { messagesFile?: string | undefined; skip: number; batchSize?: number | undefined } = { skip: 0 }, log: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<number[]> {
  const total = loaded.tickets.length;
  const problems: string[] = [];
  const ids: number[] = [];
  const bar = conn.kind === 'local' ? progress(total, 'Importing') : { tick() {}, end() {} };
  const runBatches = async (size: number) => {
    for (let start = 0; start < total; start += size) {
      const tickets = loaded.tickets.slice(start, start + size);
      try {
        const res = await conn.call('tickets.import', { tickets });
        ids.push(...res.ids);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
        problems.push(...(err.details.length ? err.details.map((d) => describe(d, start, loaded, file)) : [`${file}: ${err.message}`]));
      }
      bar.tick(Math.min(start + size, total));
    }
  };
  try {
    if (conn.kind === 'local' && conn.app) {
      const sqlite = conn.app.core.sqlite;
      sqlite.exec('BEGIN IMMEDIATE');
      let committed = false;
      try {
        await runBatches(opts.batchSize ?? LOCAL_BATCH);
        if (!problems.length) { sqlite.exec('COMMIT'); committed = true; }
      } finally {
        if (!committed && sqlite.inTransaction) sqlite.exec('ROLLBACK');
      }
    } else {
      const { importOverHub } = await import('./import-hub.ts');
      return await importOverHub(conn, {
        file, messagesFile: opts.messagesFile, tickets: loaded.tickets, skipped: opts.skip, batchSize: opts.batchSize, log,
        lineOf: (i) => loaded.origins[i]?.line ?? null,
        describe: (d, offset) => describe(d, offset, loaded, file),
      });
    }
  } finally {
    bar.end();
  }
  if (problems.length) {
    for (const p of problems) log(`  ${p}`);
    throw new AppError('VALIDATION', `${problems.length} problem(s) in ${file}; nothing was imported.`);
  }
  return ids;
}

// ---------- export ----------

/** Usernames by user id, looked up through users.list (staff) as they are needed. */
class Usernames {
  private readonly byId = new Map<number, string | null>();
  private readonly conn: Connection;
  private loaded = false;
  private allowed = true;
  constructor(conn: Connection, me: { id: number; username: string }) {
    this.conn = conn;
    this.byId.set(me.id, me.username);
  }
  async of(person: { id: number; displayName: string } | null): Promise<string | null> {
    if (!person) return null;
    if (this.byId.has(person.id)) return this.byId.get(person.id)!;
    if (!this.allowed) return null;
    try {
      if (!this.loaded) {
        this.loaded = true;
        for (const role of ['admin', 'agent', 'reporter'] as const) {
          for (const u of (await this.conn.call('users.list', { role })).items) this.byId.set(u.id, u.username);
        }
        if (this.byId.has(person.id)) return this.byId.get(person.id)!;
      }
      const { items } = await this.conn.call('users.list', { q: person.displayName.slice(0, 100) });
      for (const u of items) this.byId.set(u.id, u.username);
    } catch (err) {
      if (err instanceof AppError && err.code === 'FORBIDDEN') { this.allowed = false; return null; }
      throw err;
    }
    if (!this.byId.has(person.id)) this.byId.set(person.id, null);
    return this.byId.get(person.id)!;
  }
}

function writer(file: string): { write(s: string): Promise<void>; close(): Promise<void> } {
  if (file === '-') {
    return {
      write: (s) => new Promise((res) => { if (process.stdout.write(s)) res(); else process.stdout.once('drain', () => res()); }),
      close: async () => {},
    };
  }
  let fd: number;
  try { fd = openSync(file, 'wx'); } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EEXIST' ? `${file} already exists; export into a new file.` : `cannot write ${file}: ${code ?? (err as Error).message}.`, { cause: err });
  }
  const ws: WriteStream = createWriteStream(file, { fd });
  let failed: Error | null = null;
  ws.on('error', (e) => { failed = e; });
  return {
    write: (s) => new Promise((res, rej) => {
      if (failed) return rej(failed);
      if (ws.write(s)) res(); else ws.once('drain', () => res());
    }),
    close: () => new Promise((res, rej) => { if (failed) rej(failed); else ws.end(() => res()); }),
  };
}

export async function exportTickets(conn: Connection, me: { id: number; username: string }, file: string, input: In<'tickets.list'>, messagesFile?: string): Promise<number> {
  const out = writer(file);
  const mout = messagesFile ? writer(messagesFile) : null;
  const names = new Usernames(conn, me);
  let n = 0;
  let bar: ReturnType<typeof progress> | null = null;
  try {
    await out.write(csvLine(TICKET_FIELDS));
    await mout?.write(csvLine(MESSAGE_FIELDS));
    for await (const { page, total } of allTickets(conn, { sort: 'id', order: 'asc', ...input })) {
      bar ??= progress(total, 'Exporting');
      let chunk = '';
      let mchunk = '';
      for (const t of page) {
        n++;
        const row: Record<(typeof TICKET_FIELDS)[number], Cell> = {
          subject: t.subject, description: t.description, category: t.category, status: t.status, priority: t.priority,
          location: t.location, openedAt: t.openedAt, updatedAt: t.updatedAt, closedAt: t.closedAt,
          reporterUsername: await names.of(t.reporter), assigneeUsername: await names.of(t.assignee),
        };
        chunk += csvLine(TICKET_FIELDS.map((f) => row[f]));
        if (mout) {
          for (const m of (await conn.call('messages.list', { ticketId: t.id })).items) {
            mchunk += csvLine([n, await names.of(m.author), m.body, m.internal, m.createdAt]);
          }
        }
      }
      await out.write(chunk);
      if (mchunk) await mout?.write(mchunk);
      bar.tick(n);
    }
  } finally {
    bar?.end();
    await out.close();
    await mout?.close();
  }
  return n;
}

/** `--batch-size N`: 1 to the most one tickets.import call takes; undefined: the default. */
async function batchSizeArg(text: string | undefined): Promise<number | undefined> {
  if (text === undefined) return undefined;
  const { IMPORT_MAX } = await import('../../../src-shared/import-schema.ts');
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > IMPORT_MAX) {
    throw new UsageError(`--batch-size must be a whole number of tickets from 1 to ${IMPORT_MAX.toLocaleString('en')} (the most one tickets.import call takes), not "${text}".`, 'import');
  }
  return Number(text);
}

export const importExportCommands: ApiCommand[] = [
  {
    name: 'import', args: 'FILE [--messages FILE] [--skip N] [--batch-size N]', positionals: [1, 1], needs: 'user',
    summary: 'Import tickets (CSV with ImportTicket columns, or tickets.import JSON), all or nothing.',
    help: `CSV columns (header row): ${TICKET_FIELDS.join(',')}
Messages (--messages, CSV or JSON): ${MESSAGE_FIELDS.join(',')} — "ticket" is the ticket's data row (1 = first).
Every problem is reported with its line and column; if there is any, nothing is imported.
Over a hub (--hub) the whole file is checked first, then sent in batches of up to 10,000
tickets; if the hub still refuses a later batch, the import stops and names the lines that
are in and the command for the rest.
  --skip N         leave out the first N tickets of the file (already imported); the
                   messages file keeps numbering tickets from the file's first.
  --batch-size N   tickets per tickets.import call, 1 to 10,000 (default: 10,000 over a
                   hub, 1,000 on a local database, where all batches are one transaction).`,
    options: { messages: { type: 'string' }, skip: { type: 'string' }, 'batch-size': { type: 'string' } },
    async run({ conn, out }, v, [file]) {
      const skipText = str(v.skip);
      if (skipText !== undefined && !/^\d+$/.test(skipText)) throw new UsageError(`--skip must be a whole number of tickets, not "${skipText}".`, 'import');
      const skip = skipText === undefined ? 0 : Number(skipText);
      const batchSize = await batchSizeArg(str(v['batch-size']));
      let loaded: Loaded;
      try { loaded = loadImport(file!, str(v.messages)); } catch (err) {
        if (!(err instanceof FileProblems)) throw err;
        for (const p of err.problems) process.stderr.write(`  ${p}\n`);
        throw new AppError('VALIDATION', `${err.problems.length} problem(s) in ${file}; nothing was imported.`);
      }
      if (skip >= loaded.tickets.length) throw new UsageError(`--skip ${skip} leaves nothing to import: ${file} holds ${loaded.tickets.length} ticket(s).`, 'import');
      if (skip) loaded = { tickets: loaded.tickets.slice(skip), origins: loaded.origins.slice(skip), messageOrigins: loaded.messageOrigins.slice(skip) };
      const ids = await importFile(conn, file!, loaded, { messagesFile: str(v.messages), skip, batchSize });
      if (out.format === 'json') out.json({ imported: ids.length, ids });
      else if (out.format === 'csv') out.rows([{ header: 'id', get: (x: number) => x }], ids);
      else out.line(`Imported ${ids.length} ticket(s)${ids.length ? ` (ids ${ids[0]}–${ids[ids.length - 1]})` : ''}.`);
    },
  },
  {
    name: 'export tickets', args: 'FILE.csv|- [filters] [--messages FILE.csv]', positionals: [1, 1], needs: 'user',
    summary: 'Write the tickets matching the filters as import-ready CSV (streamed, any number).',
    help: 'Filters as for "tickets list" (default order: by id, oldest first). The file must not exist yet; "-" writes to stdout.',
    options: { ...listFlags, messages: { type: 'string' } },
    async run({ conn, out, me }, v, [file]) {
      const input = listInput(v);
      delete (input as { limit?: number }).limit;
      const n = await exportTickets(conn, me, file!, input, str(v.messages));
      if (file !== '-') {
        if (out.format === 'json') out.json({ exported: n, file });
        else out.line(`Exported ${n} ticket(s) to ${file}.`);
      }
    },
  },
];
