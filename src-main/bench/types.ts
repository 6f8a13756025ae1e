// The benchmark's plug-in shape: each suite returns cases; the runner (src-main/bench/runner.ts,
// started by src-main/cli/bench.ts) times each case's API path and its bare SQL, and prints
// p50/p95 and their ratio.
import type Database from 'better-sqlite3';

export interface BenchContext {
  /** The benchmark database (1M tickets by default). */
  dbPath: string;
  /** A running hub on that database. */
  hubUrl: string;
  /** A signed-in agent's bearer token on that hub. */
  agentToken: string;
  /** A second connection to the same file, for the bare-SQL side. */
  sqlite: Database.Database;
}

/** What an API call may report back: the hub's own time for it (its Server-Timing header). */
export interface ApiTiming {
  /** Milliseconds inside the hub (request read to response written), null when unknown. */
  serverMs: number | null;
}

export interface BenchCase {
  name: string;
  /** One call through the HTTP API (may report the hub's server-side time). */
  api(): Promise<void | ApiTiming>;
  /** The same work as bare SQL on the connection (null when there is no SQL side). */
  sql: (() => void) | null;
  /** Optional targets, printed next to the figures. */
  targetP95Ms?: number;
  targetRatio?: number;
  /** Target for the server-side p95 (Server-Timing), e.g. for writes. */
  targetServerP95Ms?: number;
  /** Iterations for this case when it should differ from the runner's default (slow cases). */
  iterations?: number;
}

export type BenchSuite = (ctx: BenchContext) => Promise<BenchCase[]>;
