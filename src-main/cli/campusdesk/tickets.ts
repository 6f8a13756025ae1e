// `campusdesk tickets …`: add, list (the tickets.list filters as flags, --all pages through
// everything), show (with the conversation), edit, status, reply. Also the ticket table and
// detail views the menu uses.
import type { Connection, In, Out } from './connection.ts';
import { STATUS_STYLE, shortTime, type Column, type Output } from './output.ts';
import { UsageError, intArg, listArg, str, type ApiCommand, type Values } from './command.ts';

export type Ticket = Out<'tickets.get'>;
export type Message = Out<'messages.list'>['items'][number];
type ListInput = In<'tickets.list'>;

export const ticketColumns: Column<Ticket>[] = [
  { header: 'ID', get: (t) => t.id, right: true },
  { header: 'STATUS', get: (t) => t.status, style: (t) => STATUS_STYLE[t.status] ?? null },
  { header: 'PRIORITY', get: (t) => t.priority },
  { header: 'CATEGORY', get: (t) => t.category },
  { header: 'SUBJECT', get: (t) => t.subject, max: 48 },
  { header: 'ASSIGNEE', get: (t) => t.assignee?.displayName ?? '', max: 20 },
  { header: 'OPENED', get: (t) => shortTime(t.openedAt) },
  { header: 'UPDATED', get: (t) => shortTime(t.updatedAt) },
];

/** CSV columns of `tickets list --csv` (export uses the ImportTicket names instead). */
const csvColumns: Column<Ticket>[] = [
  { header: 'id', get: (t) => t.id },
  { header: 'subject', get: (t) => t.subject },
  { header: 'status', get: (t) => t.status },
  { header: 'priority', get: (t) => t.priority },
  { header: 'category', get: (t) => t.category },
  { header: 'location', get: (t) => t.location },
  { header: 'reporter', get: (t) => t.reporter?.displayName ?? t.contact?.name ?? null },
  { header: 'assignee', get: (t) => t.assignee?.displayName ?? null },
  { header: 'channel', get: (t) => t.channel },
  { header: 'openedAt', get: (t) => t.openedAt },
  { header: 'updatedAt', get: (t) => t.updatedAt },
  { header: 'closedAt', get: (t) => t.closedAt },
];

export const listFlags = {
  status: { type: 'string' }, category: { type: 'string' }, priority: { type: 'string' },
  assignee: { type: 'string' }, reporter: { type: 'string' }, q: { type: 'string' },
  'opened-from': { type: 'string' }, 'opened-to': { type: 'string' },
  sort: { type: 'string' }, order: { type: 'string' }, limit: { type: 'string' },
} as const;

const LIST_HELP = `Filters: --status open,waiting  --category SLUG[,SLUG]  --priority high,urgent
  --assignee me|none|ID  --reporter ID  --q TEXT  --opened-from ISO  --opened-to ISO
  --sort openedAt|updatedAt|priority|id  --order asc|desc  --limit 1-200`;

/** The tickets.list input from the filter flags (values pass through for the API to judge). */
export function listInput(v: Values): ListInput {
  const input: Record<string, unknown> = {};
  const statuses = listArg(v.status); if (statuses) input.status = statuses;
  const cats = listArg(v.category); if (cats) input.category = cats;
  const prios = listArg(v.priority); if (prios) input.priority = prios;
  const a = str(v.assignee);
  if (a !== undefined) input.assigneeId = a === 'me' || a === 'none' ? a : intArg(a, '--assignee');
  const r = str(v.reporter); if (r !== undefined) input.reporterId = intArg(r, '--reporter');
  const q = str(v.q); if (q !== undefined) input.q = q;
  const from = str(v['opened-from']); if (from !== undefined) input.openedFrom = from;
  const to = str(v['opened-to']); if (to !== undefined) input.openedTo = to;
  const sort = str(v.sort); if (sort !== undefined) input.sort = sort;
  const order = str(v.order); if (order !== undefined) input.order = order;
  const limit = str(v.limit); if (limit !== undefined) input.limit = intArg(limit, '--limit');
  return input;
}

/** Every ticket matching the filters, page by page (200 a call). */
export async function* allTickets(conn: Connection, input: ListInput): AsyncGenerator<{ page: Ticket[]; total: number }> {
  let cursor: string | undefined;
  for (;;) {
    const res = await conn.call('tickets.list', { ...input, limit: 200, ...(cursor ? { cursor } : {}) });
    yield { page: res.items, total: res.total };
    if (!res.nextCursor) return;
    cursor = res.nextCursor;
  }
}

export function printTicket(out: Output, t: Ticket, messages: readonly Message[] = []): void {
  out.line(out.paint('bold', `#${t.id}  ${t.subject}`));
  out.fields([
    ['Status', out.paint(STATUS_STYLE[t.status] ?? 'reset', t.status)],
    ['Priority', t.priority],
    ['Category', t.category],
    ['Location', t.location ?? '–'],
    ['Reporter', t.reporter?.displayName ?? (t.contact?.name ? `${t.contact.name} (kiosk contact)` : '–')],
    ['Assignee', t.assignee?.displayName ?? '–'],
    ['Channel', t.channel],
    ['Opened', shortTime(t.openedAt)],
    ['Updated', shortTime(t.updatedAt)],
    ['Closed', shortTime(t.closedAt) || '–'],
    ['Version', String(t.version)],
  ]);
  out.line();
  out.line(t.description);
  if (messages.length) {
    out.line();
    out.line(out.paint('bold', `Conversation (${messages.length})`));
    for (const m of messages) {
      const who = m.author ? `${m.author.displayName} (${m.author.role})` : 'someone';
      out.line(`${out.paint('dim', shortTime(m.createdAt))}  ${who}${m.internal ? out.paint('yellow', '  [internal note]') : ''}`);
      for (const l of m.body.split('\n')) out.line(`  ${l}`);
    }
  }
}

/** `--assignee ID|none|me` of tickets edit. */
function assigneeValue(v: string, meId: number): number | null {
  if (v === 'none') return null;
  if (v === 'me') return meId;
  return intArg(v, '--assignee');
}

export const ticketCommands: ApiCommand[] = [
  {
    name: 'tickets add', args: '--subject S --description D --category SLUG [--priority P] [--location L]', positionals: [0, 0], needs: 'user',
    summary: 'Report a new ticket (you are the reporter).',
    options: { subject: { type: 'string' }, description: { type: 'string' }, category: { type: 'string' }, priority: { type: 'string' }, location: { type: 'string' } },
    async run({ conn, out }, v) {
      for (const f of ['subject', 'description', 'category'] as const) if (str(v[f]) === undefined) throw new UsageError(`--${f} is required.`);
      const input: Record<string, unknown> = { subject: str(v.subject), description: str(v.description), category: str(v.category) };
      if (str(v.priority) !== undefined) input.priority = str(v.priority);
      if (str(v.location) !== undefined) input.location = str(v.location);
      const t = await conn.call('tickets.create', input as In<'tickets.create'>);
      if (out.format === 'table') out.line(`Ticket #${t.id} created.`);
      else out.rows(csvColumns, [t], t);
    },
  },
  {
    name: 'tickets list', args: '[filters] [--all]', positionals: [0, 0], needs: 'user',
    summary: 'List tickets (newest change first); --all pages through every match.',
    help: LIST_HELP,
    options: { ...listFlags, all: { type: 'boolean' } },
    async run({ conn, out }, v) {
      const input = listInput(v);
      if (!v.all) {
        const res = await conn.call('tickets.list', input);
        out.rows(out.format === 'csv' ? csvColumns : ticketColumns, res.items, res);
        if (out.format === 'table') out.note(`${res.items.length} of ${res.total} ticket(s)${res.nextCursor ? '; --all for every one' : ''}.`);
        return;
      }
      const items: Ticket[] = [];
      let total = 0;
      for await (const p of allTickets(conn, input)) { items.push(...p.page); total = p.total; }
      out.rows(out.format === 'csv' ? csvColumns : ticketColumns, items, { items, total });
    },
  },
  {
    name: 'tickets show', args: 'ID', positionals: [1, 1], needs: 'user',
    summary: 'One ticket with its conversation.',
    async run({ conn, out }, _v, [id]) {
      const ticketId = intArg(id, 'ID');
      const t = await conn.call('tickets.get', { id: ticketId });
      const { items } = await conn.call('messages.list', { ticketId });
      if (out.format === 'json') out.json({ ticket: t, messages: items });
      else if (out.format === 'csv') out.rows(csvColumns, [t]);
      else printTicket(out, t, items);
    },
  },
  {
    name: 'tickets edit', args: 'ID [--subject S] [--description D] [--category SLUG] [--priority P] [--location L|none] [--assignee ID|me|none]', positionals: [1, 1], needs: 'user',
    summary: 'Change a ticket\'s fields.',
    options: { subject: { type: 'string' }, description: { type: 'string' }, category: { type: 'string' }, priority: { type: 'string' }, location: { type: 'string' }, assignee: { type: 'string' } },
    async run({ conn, out, me }, v, [id]) {
      const ticketId = intArg(id, 'ID');
      const change: Record<string, unknown> = {};
      for (const f of ['subject', 'description', 'category', 'priority'] as const) if (str(v[f]) !== undefined) change[f] = str(v[f]);
      if (str(v.location) !== undefined) change.location = str(v.location) === 'none' ? null : str(v.location);
      if (str(v.assignee) !== undefined) change.assigneeId = assigneeValue(str(v.assignee)!, me.id);
      if (!Object.keys(change).length) throw new UsageError('Give at least one field to change (--subject, --description, --category, --priority, --location, --assignee).');
      const current = await conn.call('tickets.get', { id: ticketId });
      const t = await conn.call('tickets.update', { id: ticketId, version: current.version, ...change });
      if (out.format === 'table') out.line(`Ticket #${t.id} updated (version ${t.version}).`);
      else out.rows(csvColumns, [t], t);
    },
  },
  {
    name: 'tickets status', args: 'ID STATUS', positionals: [2, 2], needs: 'user',
    summary: 'Change a ticket\'s status (open, in_progress, waiting, resolved, closed).',
    async run({ conn, out }, _v, [id, status]) {
      const t = await conn.call('tickets.setStatus', { id: intArg(id, 'ID'), status: status as In<'tickets.setStatus'>['status'] });
      if (out.format === 'table') out.line(`Ticket #${t.id} is now ${t.status}.`);
      else out.rows(csvColumns, [t], t);
    },
  },
  {
    name: 'tickets reply', args: 'ID --body TEXT [--internal]', positionals: [1, 1], needs: 'user',
    summary: 'Add a public reply (or, with --internal, a staff-only note) to a ticket.',
    options: { body: { type: 'string' }, internal: { type: 'boolean' } },
    async run({ conn, out }, v, [id]) {
      if (str(v.body) === undefined) throw new UsageError('--body is required.');
      const m = await conn.call('messages.add', { ticketId: intArg(id, 'ID'), body: str(v.body)!, ...(v.internal ? { internal: true } : {}) });
      if (out.format === 'table') out.line(`${m.internal ? 'Note' : 'Reply'} #${m.id} added to ticket #${m.ticketId}.`);
      else if (out.format === 'json') out.json(m);
      else out.rows([{ header: 'id', get: (x: Message) => x.id }, { header: 'ticketId', get: (x) => x.ticketId }, { header: 'internal', get: (x) => x.internal }, { header: 'createdAt', get: (x) => x.createdAt }], [m]);
    },
  },
];
