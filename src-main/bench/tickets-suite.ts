// `npm run bench` cases for tickets and messages: create, list (first and deep pages, with and
// without filters), full-text search, get + messages.list. Each case calls the real hub over
// HTTP and replays, on the bare connection, the exact statements the service executes for the
// same input (recorded once through src-main/bench/sql-replay.ts).
import type { ApiTiming, BenchCase, BenchContext, BenchSuite } from './types.ts';
import { postApi, type ApiAnswer } from './http-client.ts';
import { SqlRecorder, type RecordedStatement } from './sql-replay.ts';
import { createTicket } from '../core/tickets/commands.ts';
import { getTicket } from '../core/tickets/read.ts';
import { listTickets } from '../core/tickets/list.ts';
import type { ListInput } from '../core/tickets/list-planner.ts';
import { listMessages } from '../core/messages.ts';
import { needsSetup } from '../core/auth.ts';
import type { Actor } from '../core/context.ts';

export const TARGETS = { listP95Ms: 10, searchP95Ms: 50, createServerP95Ms: 2, ratio: 1.5 } as const;

/** POST /api/v1/<name> as the bench agent. */
export const callAsAgent = (ctx: BenchContext, name: string, input: unknown): Promise<ApiAnswer> => postApi(ctx.hubUrl, name, input, ctx.agentToken);

async function okApi(ctx: BenchContext, name: string, input: unknown): Promise<ApiAnswer> {
  const r = await callAsAgent(ctx, name, input);
  if (r.status !== 200) throw new Error(`${name} answered ${r.status}: ${r.text.slice(0, 300)}`);
  return r;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export interface TicketsSuiteOptions {
  /** How many pages deep the deep-page cases go (default 200). */
  deepPages?: number;
  /** How many different tickets get + messages.list cycles through (default 200). */
  sampleTickets?: number;
  log?: (m: string) => void;
}

export function ticketsBenchSuite(opts: TicketsSuiteOptions = {}): BenchSuite {
  const deepPages = opts.deepPages ?? 200;
  const sampleTickets = opts.sampleTickets ?? 200;
  const log = opts.log ?? (() => {});
  return async (ctx) => {
    const me = JSON.parse((await okApi(ctx, 'auth.me', {})).text) as { user: { id: number; username: string; displayName: string; role: Actor['role'] } };
    const actor: Actor = { ...me.user, sessionId: 0 };
    const recorder = new SqlRecorder(ctx.sqlite, ctx.dbPath);
    const record = (fn: Parameters<SqlRecorder['record']>[0]): RecordedStatement[] => recorder.record(fn);
    const cases: BenchCase[] = [];

    const listCase = (name: string, input: ListInput, target: number): BenchCase => ({
      name,
      api: async (): Promise<ApiTiming> => {
        const r = await okApi(ctx, 'tickets.list', input);
        return { serverMs: r.serverMs };
      },
      sql: recorder.replay(record((core) => listTickets(core, actor, input))),
      targetP95Ms: target,
      targetRatio: TARGETS.ratio,
    });

    /** Follows nextCursor up to `pages` pages; returns the cursor of the page after them. */
    const deepCursor = async (input: ListInput, pages: number): Promise<{ cursor: string | null; page: number; total: number }> => {
      let cursor: string | null = null;
      let page = 1;
      let total = 0;
      for (; page <= pages; page++) {
        const body = JSON.parse((await okApi(ctx, 'tickets.list', cursor ? { ...input, cursor } : input)).text) as { nextCursor: string | null; total: number };
        total = body.total;
        if (!body.nextCursor) break;
        cursor = body.nextCursor;
      }
      return { cursor, page: Math.min(page, pages + 1), total };
    };
    const totalOf = async (input: ListInput): Promise<number> => (JSON.parse((await okApi(ctx, 'tickets.list', { ...input, limit: 1 })).text) as { total: number }).total;

    const all = await totalOf({});

    // ----- the floor: the smallest procedure (one tiny statement), no targets -----
    cases.push({
      name: 'auth.status (the HTTP floor: one round trip, one tiny statement)',
      api: async () => ({ serverMs: (await okApi(ctx, 'auth.status', {})).serverMs }),
      sql: recorder.replay(record((core) => needsSetup(core))),
    });

    // ----- create -----
    const createInput = {
      subject: 'Projector in Lecture Hall 3 shows no signal (benchmark)',
      description: 'The projector says "no signal" with my laptop. Ticket written by npm run bench.',
      category: 'technical_it',
      location: 'Lecture Hall 3',
    };
    cases.push({
      name: 'tickets.create',
      api: async () => ({ serverMs: (await okApi(ctx, 'tickets.create', createInput)).serverMs }),
      sql: recorder.replay(record((core) => core.sqlite.transaction(() => createTicket(core, actor, createInput)).immediate()), { write: true }),
      targetServerP95Ms: TARGETS.createServerP95Ms,
      targetRatio: TARGETS.ratio,
    });

    // ----- list -----
    cases.push(listCase(`tickets.list first page (no filter; ${fmt(all)} tickets)`, {}, TARGETS.listP95Ms));
    const deep = await deepCursor({}, deepPages);
    if (deep.cursor) cases.push(listCase(`tickets.list deep page (page ${deep.page}, no filter)`, { cursor: deep.cursor }, TARGETS.listP95Ms));

    const active = { status: ['open', 'in_progress', 'waiting'], category: ['technical_it'] } satisfies ListInput;
    const activeTotal = await totalOf(active);
    cases.push(listCase(`tickets.list status active + category technical_it (${fmt(activeTotal)} matches)`, active, TARGETS.listP95Ms));
    const closedIt = { status: ['closed'], category: ['facility_management'] } satisfies ListInput;
    const closedDeep = await deepCursor(closedIt, deepPages);
    if (closedDeep.cursor) {
      cases.push(listCase(`tickets.list status closed + category facility_management, page ${closedDeep.page} (${fmt(closedDeep.total)} matches)`,
        { ...closedIt, cursor: closedDeep.cursor }, TARGETS.listP95Ms));
    }
    const mine = { assigneeId: actor.id } satisfies ListInput;
    cases.push(listCase(`tickets.list assigneeId (${fmt(await totalOf(mine))} matches)`, mine, TARGETS.listP95Ms));
    const urgentOpen = { status: ['open', 'in_progress', 'waiting'], sort: 'priority' } satisfies ListInput;
    cases.push(listCase(`tickets.list active, sort priority (${fmt(await totalOf(urgentOpen))} matches)`, urgentOpen, TARGETS.listP95Ms));

    // ----- search -----
    for (const q of ['printer', 'harpsichord', 'projector hdmi']) {
      const input = { q } satisfies ListInput;
      const hits = await totalOf(input);
      const label = q.includes(' ') ? 'two words' : hits > all / 100 ? 'common word' : 'rare word';
      cases.push(listCase(`tickets.list q="${q}" (${label}; ${fmt(hits)} matches)`, input, TARGETS.searchP95Ms));
    }
    const qFiltered = { q: 'eduroam', status: ['open', 'in_progress', 'waiting'] } satisfies ListInput;
    cases.push(listCase(`tickets.list q="eduroam" + status active (${fmt(await totalOf(qFiltered))} matches)`, qFiltered, TARGETS.searchP95Ms));

    // ----- get + messages.list, over a spread of tickets -----
    const bounds = ctx.sqlite.prepare('SELECT min(id) AS lo, max(id) AS hi FROM tickets').get() as { lo: number; hi: number };
    const nextId = ctx.sqlite.prepare('SELECT id FROM tickets WHERE id >= ? ORDER BY id LIMIT 1').pluck(true);
    const ids: number[] = [];
    for (let k = 0; k < sampleTickets; k++) {
      const id = nextId.get(Math.floor(bounds.lo + ((k + 0.5) * (bounds.hi - bounds.lo)) / sampleTickets)) as number | undefined;
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
    const replays = ids.map((id) => recorder.replay(record((core) => { getTicket(core, actor, id); listMessages(core, actor, id); })));
    let apiTurn = 0;
    let sqlTurn = 0;
    cases.push({
      name: `tickets.get + messages.list (${ids.length} different tickets)`,
      api: async () => {
        const id = ids[apiTurn++ % ids.length] as number;
        const a = await okApi(ctx, 'tickets.get', { id });
        const b = await okApi(ctx, 'messages.list', { ticketId: id });
        return { serverMs: a.serverMs !== null && b.serverMs !== null ? a.serverMs + b.serverMs : null };
      },
      sql: () => (replays[sqlTurn++ % replays.length] as () => void)(),
      targetP95Ms: TARGETS.listP95Ms,
      targetRatio: TARGETS.ratio,
    });
    log(`bench: ${cases.length} ticket cases ready.`);
    return cases;
  };
}
