// The worker's columnar copy of the ticket fields analytics read (status, category,
// priority, assignee, openedAt, closedAt, first response), indexed by ticket id. It is
// kept equal to the database by `sync`, which must run inside the read transaction of the
// analytic: it reads the tickets added since the last sync (ids only grow) and the tickets
// named in `analytics_journal` past the last sequence number seen (maintained by triggers,
// see drizzle/0002_analytics_summaries.sql). So every analytic computes on exactly the
// snapshot its transaction sees, while reading typed arrays instead of a million rows. The
// copy also keeps exact counts of tickets opened and closed per UTC hour and category.
import type Database from 'better-sqlite3';
import type { Status } from '../../src-shared/domain.ts';
import { HOUR_MS } from '../../src-shared/period.ts';

/** Status codes in the store: 0 = no ticket with this id; 1–3 active; 4 resolved, 5 closed. */
export const STATUS_CODE: Record<Status, number> = { open: 1, in_progress: 2, waiting: 3, resolved: 4, closed: 5 };

type Row = [id: number, status: string, priority: number, categoryId: number, assigneeId: number | null, openedAt: number, closedAt: number | null, firstResponseAt: number | null];

/** Map key of (hour index since the epoch, category id); category ids stay below 2^20. */
export const CATEGORY_SLOTS = 2 ** 20;
export const hourKey = (hour: number, categoryId: number): number => hour * CATEGORY_SLOTS + categoryId;

function bump(map: Map<number, number>, key: number, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}

const COLUMNS = `t.id, t.status, t.priority, t.category_id, t.assignee_id, t.opened_at, t.closed_at, fr.at
  FROM tickets t LEFT JOIN analytics_first_response fr ON fr.ticket_id = t.id`;

export class TicketStore {
  /** Highest ticket id loaded; ids above it are new. */
  maxId = 0;
  /** Last analytics_journal sequence number applied. */
  seq = -1;
  status = new Uint8Array(0);
  priority = new Uint8Array(0);
  category = new Int32Array(0);
  /** 0 = unassigned. */
  assignee = new Int32Array(0);
  opened = new Float64Array(0);
  /** NaN = not closed. */
  closed = new Float64Array(0);
  /** NaN = no public staff reply yet. */
  firstResponse = new Float64Array(0);
  /** Tickets opened / closed per (UTC hour, category): key hourKey(hour index, category id). */
  readonly openedPerHour = new Map<number, number>();
  readonly closedPerHour = new Map<number, number>();
  /** Tickets whose closedAt lies before their openedAt (imported that way; never active). */
  readonly inverted = new Set<number>();

  private readonly newRows: Database.Statement<[number], Row>;
  private readonly byIds: Database.Statement<[string], Row>;
  private readonly journal: Database.Statement<[number], [number, number]>;
  private readonly lastSeq: Database.Statement<[], number>;

  constructor(db: Database.Database) {
    this.newRows = db.prepare<[number], Row>(`SELECT ${COLUMNS} WHERE t.id > ? ORDER BY t.id`).raw(true);
    this.byIds = db.prepare<[string], Row>(`SELECT ${COLUMNS} WHERE t.id IN (SELECT value FROM json_each(?))`).raw(true);
    this.journal = db.prepare<[number], [number, number]>('SELECT seq, ticket_id FROM analytics_journal WHERE seq > ? ORDER BY seq').raw(true);
    this.lastSeq = db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM analytics_journal').pluck(true);
  }

  /** Brings the copy up to the current snapshot; call inside a read transaction. Returns how many tickets were (re)read. */
  sync(): number {
    let changed = 0;
    if (this.seq < 0) {
      // First load: everything, and the journal's position in the same snapshot.
      this.seq = this.lastSeq.get() ?? 0;
    } else {
      const ids: number[] = [];
      for (const [seq, id] of this.journal.iterate(this.seq)) {
        this.seq = seq;
        if (id <= this.maxId) ids.push(id);
      }
      if (ids.length > 0) {
        for (const id of ids) this.remove(id); // deleted unless read again
        for (const row of this.byIds.iterate(JSON.stringify(ids))) { this.put(row); changed++; }
      }
    }
    let max = this.maxId;
    for (const row of this.newRows.iterate(this.maxId)) { this.put(row); max = row[0]; changed++; }
    this.maxId = max;
    return changed;
  }

  private put(row: Row): void {
    const id = row[0];
    if (id >= this.status.length) this.grow(id);
    this.remove(id);
    this.status[id] = STATUS_CODE[row[1] as Status] ?? 0;
    this.priority[id] = row[2];
    this.category[id] = row[3];
    this.assignee[id] = row[4] ?? 0;
    this.opened[id] = row[5];
    this.closed[id] = row[6] ?? NaN;
    this.firstResponse[id] = row[7] ?? NaN;
    this.count(id, 1);
  }

  /** Forgets a ticket (its hourly counts too); it is read again when it still exists. */
  private remove(id: number): void {
    if (id >= this.status.length || this.status[id] === 0) return;
    this.count(id, -1);
    this.status[id] = 0;
  }

  /** Adds (+1) or takes away (−1) a ticket's share of the hourly counts. */
  private count(id: number, delta: 1 | -1): void {
    const cat = this.category[id]!;
    const o = this.opened[id]!;
    bump(this.openedPerHour, hourKey(Math.floor(o / HOUR_MS), cat), delta);
    const c = this.closed[id]!;
    if (c === c) { // not NaN
      bump(this.closedPerHour, hourKey(Math.floor(c / HOUR_MS), cat), delta);
      if (c < o) {
        if (delta > 0) this.inverted.add(id);
        else this.inverted.delete(id);
      }
    }
  }

  private grow(id: number): void {
    const size = Math.max(1024, id + 1, Math.ceil(this.status.length * 1.5));
    const copy = <T extends Uint8Array | Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.status = copy(this.status, (n) => new Uint8Array(n));
    this.priority = copy(this.priority, (n) => new Uint8Array(n));
    this.category = copy(this.category, (n) => new Int32Array(n));
    this.assignee = copy(this.assignee, (n) => new Int32Array(n));
    this.opened = copy(this.opened, (n) => new Float64Array(n));
    this.closed = copy(this.closed, (n) => new Float64Array(n).fill(NaN));
    this.firstResponse = copy(this.firstResponse, (n) => new Float64Array(n).fill(NaN));
  }
}
