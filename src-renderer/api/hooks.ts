// A small hooks layer over the API client, shared by every screen (analytics included).
//   const { data, error, loading, reload } = useCall('tickets.get', { id });
//   const { data } = useAsync(() => call('analytics.activeByCategory', {}), []);
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { call, toApiError, type ApiError, type Category, type InputOf, type OutputOf, type ProcedureName } from './client.ts';

export interface AsyncState<T> {
  /** The last successful result (kept while a reload is under way). */
  data: T | undefined;
  error: ApiError | null;
  /** True while a request is in flight (also during reloads, when `data` is stale). */
  loading: boolean;
  /** Runs the request again. */
  reload: () => void;
  /** Replaces the data locally (e.g. with the result of a mutation). */
  setData: (data: T | undefined) => void;
}

/** Runs `fn` whenever `deps` change; only the latest run's outcome is kept. */
export function useAsync<T>(fn: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const runId = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    const id = ++runId.current;
    setLoading(true);
    fnRef.current().then(
      (result) => { if (id === runId.current) { setData(result); setError(null); setLoading(false); } },
      (err: unknown) => { if (id === runId.current) { setError(toApiError(err)); setLoading(false); } },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- like useEffect, the caller passes fn's dependencies (deps); fn itself is read through fnRef, so the rule cannot check a spread list
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/** Calls one procedure; `input` null skips the call. Re-runs when the input's JSON changes. */
export function useCall<N extends ProcedureName>(name: N, input: InputOf<N> | null): AsyncState<OutputOf<N>> {
  const key = input === null ? null : JSON.stringify(input);
  return useAsync<OutputOf<N>>(
    () => (input === null ? new Promise<OutputOf<N>>(() => {}) : call(name, input)),
    [name, key],
  );
}

// ---------- shared lists, cached for the session ----------

class SharedList<T> {
  value: T | undefined = undefined;
  error: ApiError | null = null;
  private promise: Promise<void> | null = null;
  readonly listeners = new Set<() => void>();
  private readonly load: () => Promise<T>;
  constructor(load: () => Promise<T>) { this.load = load; }
  ensure(): void {
    if (this.promise) return;
    this.promise = this.load().then(
      (v) => { this.value = v; this.error = null; this.emit(); },
      (e: unknown) => { this.promise = null; this.error = toApiError(e); this.emit(); },
    );
  }
  /** Loads again now if someone is watching, else on next use. */
  refresh(): void {
    this.promise = null;
    if (this.listeners.size > 0) this.ensure();
  }
  clear(): void {
    this.promise = null;
    this.value = undefined;
    this.error = null;
  }
  private emit(): void { for (const l of this.listeners) l(); }
}

function useShared<T>(list: SharedList<T>): { items: T | undefined; error: ApiError | null; refresh: () => void } {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    list.listeners.add(l);
    list.ensure();
    return () => { list.listeners.delete(l); };
  }, [list]);
  const refresh = useCallback(() => list.refresh(), [list]);
  return { items: list.value, error: list.error, refresh };
}

const categoryList = new SharedList(async () => (await call('categories.list', {})).items);
const staffList = new SharedList(async () => {
  const [agents, admins] = await Promise.all([call('users.list', { role: 'agent' }), call('users.list', { role: 'admin' })]);
  return [...agents.items, ...admins.items].sort((a, b) => a.displayName.localeCompare(b.displayName));
});

/** All categories (inactive ones included, flagged), cached; `refresh` after admin changes. */
export function useCategories() {
  return useShared(categoryList);
}

/** Agents and admins (for assignee pickers); only callable by staff. */
export function useStaff() {
  return useShared(staffList);
}

/** Reloads the shared lists (after an admin changed users or categories). */
export function refreshShared(): void {
  categoryList.refresh();
  staffList.refresh();
}

/** Forgets the shared lists (on sign-out: the next user may see other data). */
export function clearShared(): void {
  categoryList.clear();
  staffList.clear();
}

/** The display name of a category slug (falls back to the slug). */
export function categoryName(categories: Category[] | undefined, slug: string): string {
  return categories?.find((c) => c.slug === slug)?.name ?? slug;
}
