// The demo dataset generator: pure and deterministic (seeded PRNG), no database access.
// It plans users and kiosks, then yields tickets one at a time in openedAt order, each with
// its conversation (public replies, internal notes) and its history events, simulated as a
// timeline of agent and reporter actions cut off at `now`. The API's rules hold for every
// ticket: closedAt is set iff the status is resolved/closed (kept between them, cleared on
// reopen); updatedAt is the time of the last change; version = 1 + the number of changes
// (a message counts); imported tickets look exactly like tickets.import leaves them.
import { Random, Weighted } from './random.ts';
import {
  BUILDINGS, SLOT_POOLS, ISSUES, CATEGORY_WEIGHTS, FIRST_NAMES, LAST_NAMES, IMPACTS, CLOSINGS, WHEN,
  AGENT_FIRST_REPLIES, AGENT_QUESTIONS, REPORTER_ANSWERS, REPORTER_NUDGES, AGENT_UPDATES, INTERNAL_NOTES,
  REPORTER_THANKS, REPORTER_REOPEN, AGENT_WHEN, KIOSKS,
  type Building, type CategorySlug, type IssueTemplate, type Season,
} from './vocabulary.ts';
import type { Channel, Role, Status } from '../../src-shared/domain.ts';

export const DEFAULT_SEED = 20260301;
export const DEFAULT_DEMO_TICKETS = 5000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
export const DEMO_SPAN_MS = 365 * DAY;

// ---------- accounts ----------

export const DEMO_PASSWORDS = { admin: 'admin-demo-1', agent: 'agent-demo-1', reporter: 'reporter-demo-1' } as const;

export interface DemoUser {
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  password: string;
  createdAt: number;
}

interface AgentSpec { username: string; displayName: string; skills: Record<CategorySlug, number> }

const ADMIN = { username: 'admin', displayName: 'Robin Admin' };
const AGENTS: readonly AgentSpec[] = [
  { username: 'alex.meyer', displayName: 'Alex Meyer', skills: { technical_it: 5, facility_management: 0.3, services_complaints: 0.5 } },
  { username: 'maria.garcia', displayName: 'María García', skills: { technical_it: 4, facility_management: 0, services_complaints: 1 } },
  { username: 'tom.becker', displayName: 'Tom Becker', skills: { technical_it: 0.2, facility_management: 5, services_complaints: 0.5 } },
  { username: 'sofia.rossi', displayName: 'Sofia Rossi', skills: { technical_it: 0, facility_management: 4, services_complaints: 1 } },
  { username: 'jonas.schmidt', displayName: 'Jonas Schmidt', skills: { technical_it: 3, facility_management: 1, services_complaints: 0 } },
  { username: 'lea.novak', displayName: 'Lea Novak', skills: { technical_it: 0.3, facility_management: 1, services_complaints: 4 } },
  { username: 'omar.haddad', displayName: 'Omar Haddad', skills: { technical_it: 2, facility_management: 2, services_complaints: 1 } },
  { username: 'yuki.tanaka', displayName: 'Yuki Tanaka', skills: { technical_it: 2, facility_management: 0.5, services_complaints: 2 } },
];
export const DEMO_AGENT_USERNAMES: readonly string[] = AGENTS.map((a) => a.username);
export const DEMO_ADMIN_USERNAME = ADMIN.username;

/** How many reporters a dataset of `tickets` tickets gets (several hundred for the demo, 20k at 1M). */
export const reporterCount = (tickets: number): number => Math.min(20_000, Math.max(20, Math.ceil(tickets / 12)));

const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '').toLowerCase();

/** The demo's users: the admin, the agents, then the reporters (deterministic names). */
export function planUsers(tickets: number, seed: number, now: number): DemoUser[] {
  const rng = new Random(seed ^ 0x5eed0001);
  const start = now - DEMO_SPAN_MS;
  const users: DemoUser[] = [
    { username: ADMIN.username, displayName: ADMIN.displayName, email: 'helpdesk-admin@demo-university.edu', role: 'admin', password: DEMO_PASSWORDS.admin, createdAt: start - 400 * DAY },
    ...AGENTS.map((a, i) => ({
      username: a.username, displayName: a.displayName, email: `${a.username}@demo-university.edu`, role: 'agent' as const,
      password: DEMO_PASSWORDS.agent, createdAt: start - 390 * DAY + i * DAY,
    })),
  ];
  const taken = new Set(users.map((u) => u.username));
  const n = reporterCount(tickets);
  for (let i = 0; i < n; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const student = rng.chance(0.85);
    const base = `${ascii(first)}.${ascii(last)}`;
    let username = student && rng.chance(0.5) ? `${base}${rng.int(18, 25)}` : base;
    for (let k = 2; taken.has(username); k++) username = `${base}${k}`;
    taken.add(username);
    users.push({
      username,
      displayName: `${first} ${last}`,
      email: rng.chance(0.9) ? `${username}@${student ? 'student.' : ''}demo-university.edu` : null,
      role: 'reporter',
      password: DEMO_PASSWORDS.reporter,
      createdAt: start - rng.int(1, 360) * DAY - rng.int(0, DAY - 1),
    });
  }
  return users;
}

export interface DemoKiosk { name: string; location: string; token: string; createdAt: number }

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Demo kiosks with deterministic tokens (demo credentials, printed like the passwords). */
export function planKiosks(seed: number, now: number): DemoKiosk[] {
  const rng = new Random(seed ^ 0x6b105c);
  return KIOSKS.map((k, i) => {
    let token = '';
    for (let j = 0; j < 43; j++) token += TOKEN_CHARS[rng.int(0, 63)];
    return { name: k.name, location: k.location, token: `demo-${token}`, createdAt: now - DEMO_SPAN_MS - (30 - i) * DAY };
  });
}

// ---------- tickets ----------

export interface DemoTicket {
  id: number;
  subject: string;
  description: string;
  status: Status;
  /** 0 low … 3 urgent. */
  priority: number;
  category: CategorySlug;
  location: string | null;
  reporterId: number | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  assigneeId: number | null;
  channel: Channel;
  /** Index into planKiosks() (kiosk tickets only). */
  kioskIndex: number | null;
  reference: string | null;
  openedAt: number;
  updatedAt: number;
  closedAt: number | null;
  version: number;
}

export interface DemoMessage { id: number; ticketId: number; authorId: number | null; body: string; internal: boolean; createdAt: number }
export interface DemoEvent { ticketId: number; actorId: number | null; type: string; fromValue: string | null; toValue: string | null; at: number }

export interface GeneratedTicket { ticket: DemoTicket; messages: DemoMessage[]; events: DemoEvent[] }

export interface GeneratorOptions {
  tickets: number;
  seed?: number;
  /** The end of the 12-month window (default Date.now()). */
  now?: number;
  /** Database ids of planUsers()'s users, same order. */
  userIds: readonly number[];
  firstTicketId?: number;
  firstMessageId?: number;
}

export const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const STATUS_JSON: Record<Status, string> = {
  open: '"open"', in_progress: '"in_progress"', waiting: '"waiting"', resolved: '"resolved"', closed: '"closed"',
};
const PRIORITY_JSON = ['"low"', '"normal"', '"high"', '"urgent"'];
const isActiveStatus = (s: Status): boolean => s === 'open' || s === 'in_progress' || s === 'waiting';

/** Academic-year rhythm: monthly weight (Jan … Dec, UTC), weekday (Sun … Sat) and hour of day. */
const MONTH_WEIGHT = [1.0, 0.85, 0.7, 1.0, 1.0, 0.95, 0.9, 0.45, 0.6, 1.25, 1.15, 0.75];
const WEEKDAY_WEIGHT = [0.2, 1.25, 1.15, 1.1, 1.05, 0.85, 0.25];
const HOUR_WEIGHT = [0.08, 0.05, 0.03, 0.03, 0.03, 0.06, 0.2, 0.55, 1.0, 1.25, 1.3, 1.25, 1.05, 1.15, 1.2, 1.1, 0.95, 0.75, 0.55, 0.45, 0.38, 0.3, 0.22, 0.14];
const WEIGHT_MAX = 1.25 * 1.25 * 1.3 * 1.05;

function seasonFactor(season: Season | undefined, month: number): number {
  switch (season) {
    case 'winter': return [2.2, 2.2, 1.6, 0.8, 0.3, 0.1, 0.05, 0.05, 0.3, 1.0, 1.8, 2.2][month] as number;
    case 'summer': return [0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 3.0, 2.5, 1.2, 0.3, 0.1, 0.1][month] as number;
    case 'termStart': return [0.8, 0.7, 0.8, 2.0, 1.3, 0.8, 0.6, 0.5, 1.0, 2.5, 1.3, 0.7][month] as number;
    case 'exams': return [1.2, 2.5, 1.5, 0.6, 0.6, 1.0, 2.3, 1.4, 0.5, 0.5, 0.6, 0.8][month] as number;
    default: return 1;
  }
}

/** Per ticket: slot values chosen on first use, so subject, description and replies agree. */
class Slots {
  private readonly values = new Map<string, string>();
  readonly building: Building;
  readonly floor: number;
  private readonly rng: Random;
  private readonly first: string;

  constructor(rng: Random, first: string) {
    this.rng = rng;
    this.first = first;
    this.building = rng.pick(BUILDINGS);
    this.floor = rng.int(0, this.building.floors - 1);
  }

  get(key: string): string {
    let v = this.values.get(key);
    if (v !== undefined) return v;
    const r = this.rng;
    const b = this.building;
    const two = (n: number) => String(n).padStart(2, '0');
    switch (key) {
      case 'building': v = b.name; break;
      case 'floor': v = this.floor === 0 ? 'the ground floor' : `floor ${this.floor}`; break;
      case 'room': v = `${b.code} ${this.floor}.${two(r.int(1, 48))}`; break;
      case 'printer': v = `${b.code}-P${two(r.int(1, 9))}`; break;
      case 'pc': v = `${b.code}-PC${two(r.int(1, 60))}`; break;
      case 'code': v = `${r.pick(['VND', 'SR', 'INC', 'WO'])}-${r.int(10000, 99999)}`; break;
      case 'n': v = String(r.int(2, 14)); break;
      case 'first': v = this.first; break;
      case 'when2': v = r.pick(AGENT_WHEN); break;
      default: {
        const pool = SLOT_POOLS[key];
        v = pool ? r.pick(pool) : key;
      }
    }
    this.values.set(key, v);
    return v;
  }

  fill(template: string): string {
    const s = template.replace(/\{(\w+)\}/g, (_, k: string) => this.get(k));
    return s.charAt(0).toUpperCase() + s.slice(1);
  }
}

type Action =
  | { at: number; kind: 'assign'; actor: number; to: number }
  | { at: number; kind: 'priority'; actor: number; to: number }
  | { at: number; kind: 'status'; actor: number | null; to: Status }
  | { at: number; kind: 'message'; actor: number | null; body: string; internal: boolean };

interface Plan {
  ticket: Omit<DemoTicket, 'id' | 'status' | 'priority' | 'assigneeId' | 'channel' | 'updatedAt' | 'closedAt' | 'version'>;
  creator: number | null;
  actions: Action[];
}

/** Deterministic generator; call next() `tickets` times (or iterate). */
export class DemoGenerator {
  readonly total: number;
  readonly now: number;
  readonly start: number;
  /** When the "older system" was imported (channel import tickets predate it). */
  readonly importAt: number;
  private readonly rng: Random;
  private readonly times: Float64Array;
  private readonly adminId: number;
  private readonly agentIds: number[];
  private readonly displayNames = new Map<number, string>();
  private readonly firstNames = new Map<number, string>();
  private readonly reporterIds: number[];
  private readonly reporterTable: Weighted<number>;
  private readonly categoryTable: Weighted<CategorySlug>;
  private readonly issueTables: Map<string, Weighted<IssueTemplate>>;
  private readonly agentTables: Record<CategorySlug, Weighted<number>>;
  private readonly priorityTable = new Weighted([0, 1, 2, 3], [0.14, 0.62, 0.18, 0.06]);
  private readonly assigneeJson = new Map<number, string>();
  private index = 0;
  private nextTicketId: number;
  private nextMessageId: number;

  constructor(opts: GeneratorOptions) {
    const seed = opts.seed ?? DEFAULT_SEED;
    this.total = opts.tickets;
    this.now = opts.now ?? Date.now();
    this.start = this.now - DEMO_SPAN_MS;
    this.importAt = this.start + 75 * DAY;
    this.rng = new Random(seed);
    this.nextTicketId = opts.firstTicketId ?? 1;
    this.nextMessageId = opts.firstMessageId ?? 1;

    const users = planUsers(opts.tickets, seed, this.now);
    if (opts.userIds.length !== users.length) throw new Error(`DemoGenerator: expected ${users.length} user ids, got ${opts.userIds.length}`);
    users.forEach((u, i) => {
      const id = opts.userIds[i] as number;
      this.displayNames.set(id, u.displayName);
      this.firstNames.set(id, u.displayName.split(' ')[0] ?? u.displayName);
    });
    this.adminId = opts.userIds[0] as number;
    this.agentIds = AGENTS.map((_, i) => opts.userIds[i + 1] as number);
    for (const id of [this.adminId, ...this.agentIds]) {
      this.assigneeJson.set(id, JSON.stringify({ id, displayName: this.displayNames.get(id) }));
    }
    this.reporterIds = opts.userIds.slice(AGENTS.length + 1);
    // A few reporters report a lot, most only now and then (Zipf-like), in shuffled order so
    // that the busiest reporters are not simply the first usernames.
    const order = [...this.reporterIds];
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    this.reporterTable = new Weighted(order, order.map((_, i) => 1 / Math.pow(i + 8, 0.75)));

    const cats = Object.keys(CATEGORY_WEIGHTS) as CategorySlug[];
    this.categoryTable = new Weighted(cats, cats.map((c) => CATEGORY_WEIGHTS[c]));
    this.issueTables = new Map();
    for (const c of cats) {
      for (let m = 0; m < 12; m++) {
        const list = ISSUES[c];
        this.issueTables.set(`${c}:${m}`, new Weighted(list, list.map((t) => t.w * seasonFactor(t.season, m))));
      }
    }
    const staff = [this.adminId, ...this.agentIds];
    const weightsFor = (c: CategorySlug) => [0.15, ...AGENTS.map((a) => a.skills[c])];
    this.agentTables = {
      facility_management: new Weighted(staff, weightsFor('facility_management')),
      technical_it: new Weighted(staff, weightsFor('technical_it')),
      services_complaints: new Weighted(staff, weightsFor('services_complaints')),
    };
    this.times = this.openedTimes();
  }

  /** `total` opening times in the window, following the academic rhythm, sorted. */
  private openedTimes(): Float64Array {
    const out = new Float64Array(this.total);
    const span = this.now - this.start;
    const r = this.rng;
    for (let i = 0; i < this.total; i++) {
      for (;;) {
        const t = this.start + Math.floor(r.next() * span);
        const d = new Date(t);
        // A slight growth over the year (the helpdesk got better known).
        const growth = 0.85 + 0.3 * ((t - this.start) / span);
        const w = (MONTH_WEIGHT[d.getUTCMonth()] as number) * (WEEKDAY_WEIGHT[d.getUTCDay()] as number) * (HOUR_WEIGHT[d.getUTCHours()] as number) * growth;
        if (r.next() * WEIGHT_MAX * 1.15 < w) { out[i] = t; break; }
      }
    }
    out.sort();
    return out;
  }

  get done(): boolean {
    return this.index >= this.total;
  }

  *[Symbol.iterator](): Iterator<GeneratedTicket> {
    while (!this.done) yield this.next();
  }

  next(): GeneratedTicket {
    if (this.done) throw new Error('DemoGenerator: no tickets left');
    const openedAt = this.times[this.index] as number;
    this.index++;
    const r = this.rng;
    const channel: Channel = r.chance(0.08) ? 'kiosk' : 'app';
    const importable = channel === 'app' && openedAt < this.importAt - 2 * DAY && r.chance(0.4);
    const plan = this.plan(openedAt, channel);
    let out: GeneratedTicket | null = null;
    if (importable) {
      const imported = this.apply(plan, 'import', this.importAt);
      if (!isActiveStatus(imported.ticket.status)) out = imported;
    }
    out ??= this.apply(plan, channel, this.now);
    this.nextTicketId++;
    this.nextMessageId += out.messages.length;
    return out;
  }

  /** Draws the ticket and the full timeline of what will happen to it (ignoring `now`). */
  private plan(openedAt: number, channel: Channel): Plan {
    const r = this.rng;
    const category = r.weighted(this.categoryTable);
    const month = new Date(openedAt).getUTCMonth();
    const tpl = r.weighted(this.issueTables.get(`${category}:${month}`) as Weighted<IssueTemplate>);
    const kiosk = channel === 'kiosk';
    const reporter = kiosk ? null : r.weighted(this.reporterTable);
    let contactName: string | null = null;
    let contactEmail: string | null = null;
    let contactPhone: string | null = null;
    let firstName: string;
    if (kiosk) {
      const first = r.pick(FIRST_NAMES);
      const last = r.pick(LAST_NAMES);
      firstName = first;
      contactName = r.chance(0.95) ? `${first} ${last}` : null;
      if (r.chance(0.6)) contactEmail = `${ascii(first)}.${ascii(last)}@${r.chance(0.7) ? 'student.' : ''}demo-university.edu`;
      if (r.chance(0.4) || (contactEmail === null && contactName === null)) contactPhone = `+49 ${r.int(30, 89)} ${r.int(100, 999)} ${r.int(1000, 9999)}`;
    } else {
      firstName = this.firstNames.get(reporter as number) ?? 'there';
    }
    const slots = new Slots(r, firstName);

    // Subject variants, details and fixes are written in parallel: variant i goes with detail i.
    const variant = r.int(0, tpl.subject.length - 1);
    const subject = slots.fill(tpl.subject[variant] as string);
    const parts: string[] = [];
    const nDetail = r.chance(0.35) ? 2 : 1;
    const firstDetail = variant % tpl.detail.length;
    for (let k = 0; k < nDetail && k < tpl.detail.length; k++) parts.push(slots.fill(tpl.detail[(firstDetail + k) % tpl.detail.length] as string));
    if (r.chance(0.35)) parts.push(`It has been like this ${r.pick(WHEN)}.`);
    if (r.chance(0.5)) parts.push(r.pick(IMPACTS));
    const closing = r.pick(CLOSINGS);
    if (closing) parts.push(closing);
    const description = parts.join(' ');

    let location: string | null = null;
    if (r.chance(0.9)) {
      switch (tpl.loc) {
        case 'room': location = `${slots.get('building')}, room ${slots.get('room')}`; break;
        case 'hall': location = slots.get('hall'); break;
        case 'place': location = `${slots.get('building')}, ${slots.get('place').replace(/^the /, '')}`; break;
        case 'building': location = slots.get('building'); break;
        case 'lot': location = slots.get('lot').replace(/^the /, ''); break;
        case 'cafe': location = slots.get('cafe').replace(/^the /, ''); break;
        case 'office': location = slots.get('office').replace(/^the /, ''); break;
        case 'none': location = null; break;
      }
      if (location !== null) location = location.charAt(0).toUpperCase() + location.slice(1);
    }
    let reference: string | null = null;
    let kioskIndex: number | null = null;
    if (kiosk) {
      reference = '';
      for (let k = 0; k < 8; k++) reference += REFERENCE_ALPHABET[r.int(0, REFERENCE_ALPHABET.length - 1)];
      kioskIndex = r.int(0, KIOSKS.length - 1);
    }

    const base = { subject, description, category, location, reporterId: reporter, contactName, contactEmail, contactPhone, kioskIndex, reference, openedAt };

    // ----- timeline -----
    const priority = r.weighted(this.priorityTable);
    const pf = [1.8, 1, 0.5, 0.2][priority] as number;
    const medianHours = category === 'technical_it' ? 22 : category === 'facility_management' ? 60 : 80;
    // A backlog that never moves (forgotten or stuck): a few never triaged, some never resolved.
    const untriaged = r.chance(0.02);
    const neverResolved = untriaged || r.chance(0.04);
    const resolveIn = neverResolved ? Infinity : Math.min(150 * DAY, Math.max(15 * MINUTE, r.logNormal(medianHours * HOUR * pf, 1.3)));
    const triage = untriaged ? Infinity : Math.max(2 * MINUTE, Math.min(r.logNormal(3 * HOUR * (priority === 3 ? 0.15 : 1), 1.2), resolveIn * 0.4));
    let agent = r.weighted(this.agentTables[category]);
    const actions: Action[] = [];
    if (untriaged) return { ticket: base, creator: reporter, actions };
    let t = openedAt + Math.round(triage);
    const later = (ms: number) => { t += Math.max(1000, Math.round(ms)); return t; };
    const say = (actor: number | null, text: string, internal = false) => actions.push({ at: later(r.int(1, 8) * MINUTE), kind: 'message', actor, body: text, internal });
    const fillAll = (list: readonly string[]) => slots.fill(r.pick(list));

    actions.push({ at: t, kind: 'assign', actor: agent, to: agent });
    if (priority !== 1) actions.push({ at: later(r.int(5, 120) * 1000), kind: 'priority', actor: agent, to: priority });
    const quick = resolveIn < 2 * HOUR && r.chance(0.5);
    const resolveAt = openedAt + resolveIn;
    if (!quick) {
      say(agent, fillAll(AGENT_FIRST_REPLIES));
      actions.push({ at: later(1000), kind: 'status', actor: agent, to: 'in_progress' });
      // Middle of the conversation, spread until the resolution (stuck ones end waiting or in progress).
      const stuckWaiting = r.chance(0.5);
      const rounds = neverResolved ? 1 + r.geometric(0.5) : r.geometric(0.6);
      const horizon = neverResolved ? t + r.logNormal(6 * DAY, 0.8) : resolveAt;
      for (let k = 0; k < rounds; k++) {
        const gap = Math.max(MINUTE, (horizon - t) / (rounds - k + 1));
        t += Math.round(gap * (0.4 + 0.6 * r.next()));
        const last = neverResolved && k === rounds - 1 && stuckWaiting;
        const kind = last ? 'question' : r.weighted(ROUND_TABLE);
        switch (kind) {
          case 'question': {
            actions.push({ at: later(1000), kind: 'message', actor: agent, body: r.pick(AGENT_QUESTIONS), internal: false });
            actions.push({ at: later(1000), kind: 'status', actor: agent, to: 'waiting' });
            if (last) break;
            if (reporter !== null) {
              actions.push({ at: later(r.logNormal(3 * HOUR, 1)), kind: 'message', actor: reporter, body: fillAll(REPORTER_ANSWERS), internal: false });
            } else {
              actions.push({ at: later(r.logNormal(3 * HOUR, 1)), kind: 'message', actor: agent, body: `Called the contact by phone: ${fillAll(REPORTER_ANSWERS).replace(/^./, (c) => c.toLowerCase())}`, internal: true });
            }
            actions.push({ at: later(r.int(5, 90) * MINUTE), kind: 'status', actor: agent, to: 'in_progress' });
            break;
          }
          case 'note': {
            const notes = tpl.note && r.chance(0.5) ? tpl.note : INTERNAL_NOTES;
            const author = r.chance(0.8) ? agent : r.pick(this.agentIds);
            actions.push({ at: later(1000), kind: 'message', actor: author, body: fillAll(notes), internal: true });
            break;
          }
          case 'nudge':
            if (reporter !== null) actions.push({ at: later(1000), kind: 'message', actor: reporter, body: r.pick(REPORTER_NUDGES), internal: false });
            if (r.chance(0.7)) say(agent, fillAll(AGENT_UPDATES));
            break;
          case 'update':
            actions.push({ at: later(1000), kind: 'message', actor: agent, body: fillAll(AGENT_UPDATES), internal: false });
            break;
          case 'reassign': {
            const other = r.weighted(this.agentTables[category]);
            if (other !== agent) {
              actions.push({ at: later(1000), kind: 'message', actor: agent, body: `Handing over to ${this.displayNames.get(other)}.`, internal: true });
              actions.push({ at: later(1000), kind: 'assign', actor: agent, to: other });
              agent = other;
            }
            break;
          }
        }
      }
    }
    if (!neverResolved) {
      t = Math.max(t + MINUTE, Math.round(resolveAt));
      const fix = slots.fill(tpl.fix[variant % tpl.fix.length] as string);
      const body = (r.chance(0.5) ? `Hello ${firstName}, ` + fix.charAt(0).toLowerCase() + fix.slice(1) : fix) +
        (r.chance(0.4) ? ' Please reopen this ticket if the problem comes back.' : '');
      actions.push({ at: t, kind: 'message', actor: agent, body, internal: false });
      actions.push({ at: later(1000), kind: 'status', actor: agent, to: 'resolved' });
      if (reporter !== null && r.chance(0.04)) {
        // Reopened by the reporter, fixed again.
        actions.push({ at: later(r.logNormal(2 * DAY, 0.8)), kind: 'message', actor: reporter, body: r.pick(REPORTER_REOPEN), internal: false });
        actions.push({ at: later(1000), kind: 'status', actor: reporter, to: 'open' });
        say(agent, fillAll(AGENT_UPDATES));
        actions.push({ at: later(1000), kind: 'status', actor: agent, to: 'in_progress' });
        actions.push({ at: later(r.logNormal(DAY, 1)), kind: 'message', actor: agent, body: fillAll(tpl.fix), internal: false });
        actions.push({ at: later(1000), kind: 'status', actor: agent, to: 'resolved' });
      }
      if (reporter !== null && r.chance(0.35)) actions.push({ at: later(r.logNormal(5 * HOUR, 1)), kind: 'message', actor: reporter, body: r.pick(REPORTER_THANKS), internal: false });
      if (r.chance(0.65)) {
        const byReporter = reporter !== null && r.chance(0.3);
        actions.push({ at: later(r.logNormal(4 * DAY, 0.7)), kind: 'status', actor: byReporter ? reporter : agent, to: 'closed' });
      }
    }
    return { ticket: base, creator: reporter, actions };
  }

  /** Plays the plan up to `cutoff` and returns the ticket as it stands then. */
  private apply(plan: Plan, channel: Channel, cutoff: number): GeneratedTicket {
    const id = this.nextTicketId;
    const base = plan.ticket;
    let status: Status = 'open';
    let priority = 1;
    let assignee: number | null = null;
    let closedAt: number | null = null;
    let version = 1;
    let updatedAt = base.openedAt;
    let msgId = this.nextMessageId;
    const messages: DemoMessage[] = [];
    const events: DemoEvent[] = [];
    const imported = channel === 'import';
    if (!imported) {
      events.push({ ticketId: id, actorId: plan.creator, type: 'created', fromValue: 'null', toValue: `{"status":"open","channel":"${channel}"}`, at: base.openedAt });
    }
    for (const a of plan.actions) {
      if (a.at > cutoff) break;
      switch (a.kind) {
        case 'assign':
          if (!imported) events.push({ ticketId: id, actorId: a.actor, type: 'assignee', fromValue: assignee === null ? 'null' : (this.assigneeJson.get(assignee) as string), toValue: this.assigneeJson.get(a.to) as string, at: a.at });
          assignee = a.to;
          break;
        case 'priority':
          if (!imported) events.push({ ticketId: id, actorId: a.actor, type: 'priority', fromValue: PRIORITY_JSON[priority] as string, toValue: PRIORITY_JSON[a.to] as string, at: a.at });
          priority = a.to;
          break;
        case 'status':
          if (!imported) events.push({ ticketId: id, actorId: a.actor, type: 'status', fromValue: STATUS_JSON[status], toValue: STATUS_JSON[a.to], at: a.at });
          closedAt = isActiveStatus(a.to) ? null : isActiveStatus(status) ? a.at : (closedAt ?? a.at);
          status = a.to;
          break;
        case 'message': {
          const m: DemoMessage = { id: msgId++, ticketId: id, authorId: a.actor, body: a.body, internal: a.internal, createdAt: a.at };
          messages.push(m);
          if (!imported) events.push({ ticketId: id, actorId: a.actor, type: a.internal ? 'note' : 'reply', fromValue: 'null', toValue: `{"messageId":${m.id}}`, at: a.at });
          break;
        }
      }
      version++;
      updatedAt = a.at;
    }
    if (imported) {
      // As tickets.import leaves them: version 1, one `imported` event by the admin, updatedAt
      // the latest of openedAt, closedAt and the message times.
      version = 1;
      updatedAt = Math.max(base.openedAt, closedAt ?? base.openedAt, ...messages.map((m) => m.createdAt));
      events.push({ ticketId: id, actorId: this.adminId, type: 'imported', fromValue: 'null', toValue: JSON.stringify({ status, openedAt: new Date(base.openedAt).toISOString() }), at: this.importAt });
    }
    const ticket: DemoTicket = { id, ...base, status, priority, assigneeId: assignee, channel, updatedAt, closedAt, version };
    return { ticket, messages, events };
  }
}

const ROUND_TABLE = new Weighted(['question', 'note', 'nudge', 'update', 'reassign'] as const, [0.33, 0.3, 0.14, 0.17, 0.06]);
