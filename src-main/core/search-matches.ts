// Which tickets a full-text search matches, kept per database connection for the searches
// asked most recently, and brought up to date from search_journal (drizzle/0008) instead of
// being read again from the index: a common word matches most tickets, and reading its whole
// match list on every search and every count was the hub's largest cost under load. Exact:
// get() must run inside the caller's read transaction (or on the writer's connection), and
// answers for exactly the snapshot that transaction sees.
import type Database from 'better-sqlite3';

/** The tickets one search matches at the caller's snapshot. */
export interface SearchMatchSet {
  /**
   * One bit per ticket id, set when that ticket matches: bit `id & 7` of byte `id >> 3`
   * (see matchesId; ids above `maxId` are not covered).
   */
  readonly bits: Uint8Array;
  /** How many tickets match. */
  readonly hits: number;
  /** The highest ticket id the set covers (every ticket at this snapshot). */
  readonly maxId: number;
  /**
   * The set's number for SQL on the same connection, in the same transaction:
   * `search_match(slot, tickets.id)` is 1 for a match, else 0 (a look-up in `bits`).
   */
  readonly slot: number;
}

interface Entry { bits: Uint8Array; hits: number; seq: number; maxId: number; slot: number }

/** The SQL function over the sets of one connection (see SearchMatchSet.slot). */
export const SEARCH_MATCH_FUNCTION = 'search_match';

/** Searches kept per connection (each set costs a bit per ticket id). */
const CAPACITY = 64;
/**
 * Bringing a set up to date looks each changed ticket up in the index, which costs about as
 * much as reading this many entries of a match list; past that, the list is read again.
 */
const PROBE_COST = 500;
/** Changed tickets looked up per statement. */
const PROBE_CHUNK = 500;

class SearchMatches {
  private readonly entries = new Map<string, Entry>();
  private readonly bySlot = new Map<number, Entry>();
  private nextSlot = 1;
  private readonly maxSeq: Database.Statement<[], number>;
  private readonly changedSince: Database.Statement<[number], number>;
  private readonly maxTicketId: Database.Statement<[], number>;
  private readonly all: Database.Statement<[string], number>;
  private readonly newer: Database.Statement<[string, number], number>;
  private readonly probe: Database.Statement<[string, string], number>;

  constructor(sqlite: Database.Database) {
    this.maxSeq = sqlite.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM search_journal').pluck(true);
    this.changedSince = sqlite.prepare<[number], number>('SELECT ticket_id FROM search_journal WHERE seq > ?').pluck(true);
    this.maxTicketId = sqlite.prepare<[], number>('SELECT coalesce(max(id), 0) FROM tickets').pluck(true);
    this.all = sqlite.prepare<[string], number>('SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?').pluck(true);
    // FTS5 ignores a rowid bound as a floating-point number (how JavaScript numbers are bound),
    // so the bounds are cast; json_each yields integers.
    this.newer = sqlite.prepare<[string, number], number>('SELECT rowid FROM ticket_search WHERE ticket_search MATCH ? AND rowid > CAST(? AS INTEGER)').pluck(true);
    this.probe = sqlite.prepare<[string, string], number>('SELECT rowid FROM ticket_search WHERE ticket_search MATCH ? AND rowid IN (SELECT value FROM json_each(?))').pluck(true);
    sqlite.function(SEARCH_MATCH_FUNCTION, { deterministic: false, directOnly: true }, (slot: unknown, id: unknown) => {
      const e = this.bySlot.get(slot as number);
      if (!e) throw new Error(`${SEARCH_MATCH_FUNCTION}: no search set ${String(slot)} on this connection`);
      return matchesId(e.bits, id as number) ? 1 : 0;
    });
  }

  get(match: string): SearchMatchSet {
    const seq = this.maxSeq.get() ?? 0;
    const maxId = this.maxTicketId.get() ?? 0;
    let entry = this.entries.get(match);
    if (entry) {
      this.entries.delete(match); // re-inserted below: most recently used last
      if (!this.update(match, entry, seq, maxId)) { this.bySlot.delete(entry.slot); entry = undefined; }
    }
    entry ??= this.build(match, seq, maxId);
    this.entries.set(match, entry);
    this.bySlot.set(entry.slot, entry);
    while (this.entries.size > CAPACITY) {
      const oldest = this.entries.keys().next().value!;
      this.bySlot.delete(this.entries.get(oldest)!.slot);
      this.entries.delete(oldest);
    }
    return entry;
  }

  private build(match: string, seq: number, maxId: number): Entry {
    const bits = new Uint8Array((maxId >> 3) + 1);
    let hits = 0;
    for (const id of this.all.iterate(match)) {
      if (id <= maxId && setBit(bits, id, true)) hits++;
    }
    return { bits, hits, seq, maxId, slot: this.nextSlot++ };
  }

  /** Applies the changes since the entry was made; false when reading the list again is cheaper. */
  private update(match: string, e: Entry, seq: number, maxId: number): boolean {
    if (seq === e.seq && maxId === e.maxId) return true;
    if (maxId < e.maxId) return false; // tickets removed from the top: start again
    const changed = seq > e.seq ? this.changedSince.all(e.seq).filter((id) => id <= e.maxId) : [];
    if (changed.length * PROBE_COST > e.hits + 5 * PROBE_COST) return false;
    if (maxId >> 3 >= e.bits.length) {
      const grown = new Uint8Array(Math.max((maxId >> 3) + 1, Math.ceil(e.bits.length * 1.25)));
      grown.set(e.bits);
      e.bits = grown;
    }
    for (let i = 0; i < changed.length; i += PROBE_CHUNK) {
      const chunk = changed.slice(i, i + PROBE_CHUNK);
      for (const id of chunk) if (setBit(e.bits, id, false)) e.hits--;
      for (const id of this.probe.iterate(match, JSON.stringify(chunk))) {
        if (setBit(e.bits, id, true)) e.hits++;
      }
    }
    if (maxId > e.maxId) {
      for (const id of this.newer.iterate(match, e.maxId)) {
        if (id <= maxId && setBit(e.bits, id, true)) e.hits++;
      }
    }
    e.seq = seq;
    e.maxId = maxId;
    return true;
  }
}

/** Whether ticket `id` is in a set's bits. */
export const matchesId = (bits: Uint8Array, id: number): boolean => ((bits[id >> 3] ?? 0) & (1 << (id & 7))) !== 0;

/** Sets or clears one id's bit; true when that changed it. */
function setBit(bits: Uint8Array, id: number, on: boolean): boolean {
  const i = id >> 3;
  const mask = 1 << (id & 7);
  const was = (bits[i]! & mask) !== 0;
  if (was === on) return false;
  bits[i] = on ? bits[i]! | mask : bits[i]! & ~mask;
  return true;
}

const perConnection = new WeakMap<Database.Database, SearchMatches>();

/**
 * The tickets an FTS5 query (ftsQuery in tickets/list-sql.ts) matches, at the snapshot of
 * the transaction the caller is in, from this connection's cache of recent searches.
 */
export function searchMatches(sqlite: Database.Database, match: string): SearchMatchSet {
  let cache = perConnection.get(sqlite);
  if (!cache) { cache = new SearchMatches(sqlite); perConnection.set(sqlite, cache); }
  return cache.get(match);
}
