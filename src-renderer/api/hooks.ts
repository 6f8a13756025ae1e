// The renderer's data hooks on TanStack Query, shared by every screen (analytics and admin
// included). One query key per procedure and input — `[name, input]` — so every screen that
// asks the same question shares one cached answer; mutations invalidate the procedures whose
// answers they change (by name: every input of that procedure).
//   const ticket = useCall('tickets.get', { id });          // UseQueryResult<Ticket, ApiError>
//   const save = useCallMutation('tickets.update', { invalidates: ['tickets.history', 'tickets.list'] });
import {
  keepPreviousData, queryOptions, useMutation, useQuery, useQueries, useQueryClient,
  type QueryClient, type UseMutationOptions,
} from '@tanstack/react-query';
import { call, type ApiError, type Category, type InputOf, type OutputOf, type ProcedureName, type User } from './client.ts';

/** The one query key of a procedure call. */
export const callKey = <N extends ProcedureName>(name: N, input: InputOf<N>) => [name, input] as const;

/** Query options for one procedure call (for useQuery, prefetchQuery, ensureQueryData). */
export const callQuery = <N extends ProcedureName>(name: N, input: InputOf<N>) =>
  queryOptions<OutputOf<N>, ApiError, OutputOf<N>, readonly [N, InputOf<N>]>({
    queryKey: callKey(name, input),
    queryFn: () => call(name, input),
  });

export interface CallOptions {
  /** false: do not call yet (e.g. until the input is complete). */
  enabled?: boolean;
  /** Keep showing the previous input's answer while the new one loads (pages, filters). */
  keepPrevious?: boolean;
  staleTime?: number;
}

/** Calls one procedure through the query cache; `input` null skips the call. */
export function useCall<N extends ProcedureName>(name: N, input: InputOf<N> | null, options: CallOptions = {}) {
  return useQuery({
    ...callQuery(name, (input ?? {}) as InputOf<N>),
    enabled: input !== null && options.enabled !== false,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(options.staleTime !== undefined ? { staleTime: options.staleTime } : {}),
  });
}

/** Marks every cached answer of these procedures stale (and refetches those on screen). */
export function invalidateProcedures(client: QueryClient, names: readonly ProcedureName[]): Promise<void> {
  return Promise.all(names.map((name) => client.invalidateQueries({ queryKey: [name] }))).then(() => undefined);
}

export interface CallMutationOptions<N extends ProcedureName> extends Omit<UseMutationOptions<OutputOf<N>, ApiError, InputOf<N>>, 'mutationFn'> {
  /** Procedures whose answers this change makes stale. */
  invalidates?: readonly ProcedureName[];
}

/** A procedure that changes something, as a mutation that invalidates what it changes. */
export function useCallMutation<N extends ProcedureName>(name: N, options: CallMutationOptions<N> = {}) {
  const client = useQueryClient();
  const { invalidates = [], onSuccess, ...rest } = options;
  return useMutation<OutputOf<N>, ApiError, InputOf<N>>({
    ...rest,
    mutationFn: (input) => call(name, input),
    onSuccess: async (data, variables, result, context) => {
      await onSuccess?.(data, variables, result, context);
      await invalidateProcedures(client, invalidates);
    },
  });
}

// ---------- lists many screens share ----------

/** All categories (inactive ones included, flagged); fresh after any admin change (mutations invalidate them). */
export function useCategories(): { items: Category[] | undefined; error: ApiError | null; refresh: () => void } {
  const q = useCall('categories.list', {});
  return { items: q.data?.items, error: q.error, refresh: () => void q.refetch() };
}

/** Agents and admins (for assignee pickers); only callable by staff. */
export function useStaff(): { items: User[] | undefined; error: ApiError | null; refresh: () => void } {
  const results = useQueries({
    queries: [callQuery('users.list', { role: 'agent' }), callQuery('users.list', { role: 'admin' })],
  });
  const [agents, admins] = results;
  const items = agents?.data && admins?.data
    ? [...agents.data.items, ...admins.data.items].sort((a, b) => a.displayName.localeCompare(b.displayName))
    : undefined;
  return {
    items,
    error: agents?.error ?? admins?.error ?? null,
    refresh: () => { for (const r of results) void r.refetch(); },
  };
}

/** The display name of a category slug (falls back to the slug). */
export function categoryName(categories: Category[] | undefined, slug: string): string {
  return categories?.find((c) => c.slug === slug)?.name ?? slug;
}
