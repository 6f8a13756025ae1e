// A load generator of `npm run bench -- --load` (forked by load.ts, so that generating load
// never shares a process with the hub): closed-loop clients, each on its own kept-alive
// connection to 127.0.0.1, each repeating actions of an agent (queue page, next page, search
// with its counts, open a ticket with messages and history, reply, change status) or of a
// reporter (create, list own, read own), with an optional pause between actions. Bounded in
// time and in actions per client; reports every call's latency per operation.
import { Agent, request } from 'node:http';
import type { ClientPlan, ClientReport, UserSession } from './load-protocol.ts';
import { mulberry32 } from '../demo/random.ts';

interface Answer { status: number; text: string }
/** The parts of the answers of tickets.list and tickets.create that the clients use. */
interface TicketPage { items?: { id: number }[]; nextCursor?: string | null }
interface CreatedTicket { id?: number }

function post(agent: Agent, hubUrl: string, name: string, input: unknown, token: string): Promise<Answer> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = request(`${hubUrl}/api/v1/${name}`, {
      method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const REPLIES = ['Thanks, we are looking into it.', 'Could you tell us the room number?', 'A technician is on the way.', 'This should work again now.'];

export async function runClients(plan: ClientPlan): Promise<ClientReport> {
  const report: ClientReport = { samples: {}, errors: {}, errorExamples: [], firstCalls: [], actions: 0 };
  const random = mulberry32(plan.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const deadline = performance.now() + plan.seconds * 1000;
  const agents = plan.sessions.filter((s) => s.role === 'agent' || s.role === 'admin');
  const reporters = plan.sessions.filter((s) => s.role === 'reporter');

  const record = (op: string, ms: number, answer: Answer | null, error?: string) => {
    (report.samples[op] ??= []).push(ms);
    if (answer && answer.status === 200) return;
    report.errors[op] = (report.errors[op] ?? 0) + 1;
    if (report.errorExamples.length < 10) report.errorExamples.push(`${op}: ${answer ? `${answer.status} ${answer.text.slice(0, 200)}` : error}`);
  };

  async function client(index: number): Promise<void> {
    // Idle sockets close after 3 s, before the hub's 5 s keep-alive timeout: a human-pace client
    // (2–5 s between actions) would otherwise race the hub closing the connection (ECONNRESET).
    const agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: 3000 });
    const isAgent = reporters.length === 0 || (agents.length > 0 && index < Math.round(plan.clients * plan.agentShare));
    const session: UserSession = isAgent ? agents[index % agents.length]! : reporters[index % reporters.length]!;
    let first = true;
    let cursor: string | null = null;
    const own: number[] = [];
    /** One timed call; returns the parsed answer or null. */
    const call = async <T = unknown>(op: string, name: string, input: unknown): Promise<T | null> => {
      const t0 = performance.now();
      try {
        const a = await post(agent, plan.hubUrl, name, input, session.token);
        const ms = performance.now() - t0;
        if (first) { report.firstCalls.push(ms); first = false; }
        record(op, ms, a);
        return a.status === 200 ? (JSON.parse(a.text) as T) : null;
      } catch (err) {
        record(op, performance.now() - t0, null, err instanceof Error ? err.message : String(err));
        first = false;
        return null;
      }
    };
    /** Several calls at once (as a screen loads them), timed together as one operation. */
    const together = async (op: string, calls: [string, string, unknown][]): Promise<unknown[]> => {
      const t0 = performance.now();
      const out = await Promise.all(calls.map(([sub, name, input]) => call(sub, name, input)));
      (report.samples[op] ??= []).push(performance.now() - t0);
      return out;
    };
    const agentActions: [number, string, () => Promise<unknown>][] = [
      [0.25, 'queue page', async () => { const r = await call<TicketPage>('queue page', 'tickets.list', { limit: 50 }); cursor = r?.nextCursor ?? null; }],
      [0.15, 'next page', async () => {
        if (!cursor) { const r = await call<TicketPage>('queue page', 'tickets.list', { limit: 50 }); cursor = r?.nextCursor ?? null; return; }
        const r = await call<TicketPage>('next page', 'tickets.list', { limit: 50, cursor }); cursor = r?.nextCursor ?? null;
      }],
      [0.15, 'search', async () => { const q = pick(plan.words); await together('search + counts', [['search', 'tickets.list', { q, limit: 50 }], ['search counts', 'tickets.counts', { q }]]); }],
      [0.25, 'open ticket', async () => {
        const id = 1 + Math.floor(random() * plan.maxTicketId);
        await together('open ticket', [['open: tickets.get', 'tickets.get', { id }], ['open: messages.list', 'messages.list', { ticketId: id }], ['open: tickets.history', 'tickets.history', { id }]]);
      }],
      [0.12, 'reply', () => call('reply', 'messages.add', { ticketId: 1 + Math.floor(random() * plan.maxTicketId), body: pick(REPLIES) })],
      [0.08, 'change status', () => call('change status', 'tickets.setStatus', { id: 1 + Math.floor(random() * plan.maxTicketId), status: pick(STATUSES) })],
    ];
    const reporterActions: [number, string, () => Promise<unknown>][] = [
      [0.2, 'create', async () => {
        const r = await call<CreatedTicket>('create', 'tickets.create', { subject: `Load test: ${pick(['heating', 'wifi', 'printer', 'door', 'projector'])} problem`, description: 'Reported by the load benchmark; the room needs attention.', category: pick(plan.categories) });
        if (r?.id) own.push(r.id);
      }],
      [0.4, 'list own', async () => { const r = await call<TicketPage>('list own', 'tickets.list', { limit: 20 }); for (const t of r?.items ?? []) if (own.length < 50 && !own.includes(t.id)) own.push(t.id); }],
      [0.4, 'read own', async () => {
        if (own.length === 0) { const r = await call<TicketPage>('list own', 'tickets.list', { limit: 20 }); for (const t of r?.items ?? []) own.push(t.id); return; }
        await call('read own', 'tickets.get', { id: pick(own) });
      }],
    ];
    const actions = (isAgent ? agentActions : reporterActions).filter(([, name]) => !plan.only || plan.only.includes(name));
    if (actions.length === 0) return;
    const total = actions.reduce((s, [w]) => s + w, 0);
    const think = () => plan.thinkMs[0] + random() * (plan.thinkMs[1] - plan.thinkMs[0]);
    // Human pace: start at a random point of the first pause, so that users do not act in step.
    if (plan.thinkMs[1] > 0) await new Promise((r) => setTimeout(r, random() * plan.thinkMs[1]));
    for (let n = 0; n < plan.maxActions && performance.now() < deadline; n++) {
      let x = random() * total;
      let chosen = actions[0]!;
      for (const a of actions) { if ((x -= a[0]) <= 0) { chosen = a; break; } }
      await chosen[2]();
      report.actions++;
      if (plan.thinkMs[1] > 0) await new Promise((r) => setTimeout(r, think()));
    }
    agent.destroy();
  }

  await Promise.all(Array.from({ length: plan.clients }, (_, i) => client(i)));
  return report;
}

if (process.send) {
  process.once('message', (plan: ClientPlan) => {
    runClients(plan).then(
      (report) => { process.send?.({ type: 'report', report }, () => process.exit(0)); },
      (err: unknown) => { console.error(err); process.exit(1); },
    );
  });
}
