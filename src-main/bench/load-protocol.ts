// What the load benchmark's orchestrator (load.ts) and its load generators (load-client.ts,
// separate processes) tell each other.

export interface UserSession { token: string; role: 'agent' | 'reporter' | 'admin' }

export interface ClientPlan {
  hubUrl: string;
  /** Closed-loop clients in this generator (each on its own kept-alive connection). */
  clients: number;
  /** Sessions to share out among the clients (agents and reporters, by their role). */
  sessions: UserSession[];
  /** Pause between a client's actions: [min, max] ms; [0, 0] = closed loop. */
  thinkMs: [number, number];
  seconds: number;
  /** Upper bound on actions per client (the loop is bounded in count and time). */
  maxActions: number;
  /** Highest ticket id at the start (agents open random tickets below it). */
  maxTicketId: number;
  categories: string[];
  /** Words agents search for. */
  words: string[];
  /** Which share of clients are agents (the rest reporters). */
  agentShare: number;
  /** Seed of this generator's random choices. */
  seed: number;
  /** Only these operations (e.g. writes only, for the search-freshness phase). */
  only?: string[];
}

/** Latencies in ms per operation, plus errors per operation and first-call latencies. */
export interface ClientReport {
  samples: Record<string, number[]>;
  errors: Record<string, number>;
  errorExamples: string[];
  /** Latency of each client's first call (on a fresh connection). */
  firstCalls: number[];
  actions: number;
}
