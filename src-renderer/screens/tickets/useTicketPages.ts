// Server-side pagination over tickets.list with keyset cursors, on the query cache: each page
// is the query ['tickets.list', { ...filters, limit, cursor }], so going back to a page (or back
// from a ticket) shows it at once, and while the next page loads the current one stays on
// screen (keep-previous-data). The stack of cursors that led to the page is kept per list in
// sessionStorage, so "previous" works and coming back from a ticket lands on the same page.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { TicketListInput } from '../../api/client.ts';
import { callQuery, useCall } from '../../api/hooks.ts';
import { emptyFilters, listInput } from './queueQuery.ts';

export const PAGE_SIZE = 50;
const STACK_KEY = 'campusdesk.pages';

function loadStack(key: string): (string | undefined)[] {
  try {
    const all = JSON.parse(sessionStorage.getItem(STACK_KEY) ?? '{}') as Record<string, (string | null)[]>;
    const s = all[key];
    return Array.isArray(s) && s.length > 0 ? s.map((c) => c ?? undefined) : [undefined];
  } catch { return [undefined]; }
}
function saveStack(key: string, stack: (string | undefined)[]): void {
  try {
    sessionStorage.setItem(STACK_KEY, JSON.stringify({ [key]: stack.map((c) => c ?? null) }));
  } catch { /* storage unavailable */ }
}

/** The tickets.list input of one page. */
export const pageInput = (query: TicketListInput, cursor?: string): TicketListInput =>
  ({ ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });

/** Asks for the queue's first page as the queue will (same key), e.g. right after signing in. */
export function prefetchDefaultQueue(client: QueryClient): void {
  void client.prefetchQuery(callQuery('tickets.list', pageInput(listInput(emptyFilters()))));
}

/**
 * Asks for the page a list will show (its remembered page, else the first) before the screen
 * re-renders for new filters: a search's request leaves at the Enter, not after React has
 * drawn the screen for it. Same key as useTicketPages, so the screen finds it in flight.
 */
export function prefetchListPage(client: QueryClient, query: TicketListInput): void {
  const stack = loadStack(JSON.stringify(query));
  void client.prefetchQuery(callQuery('tickets.list', pageInput(query, stack[stack.length - 1])));
}

/** `enabled` false: nothing is asked (e.g. the filters are contradictory). */
export function useTicketPages(query: TicketListInput, enabled = true) {
  const key = JSON.stringify(query);
  const [state, setState] = useState(() => ({ key, stack: loadStack(key) }));
  const stack = state.key === key ? state.stack : loadStack(key);
  useEffect(() => {
    if (state.key !== key) setState({ key, stack: loadStack(key) });
  }, [key, state.key]);
  useEffect(() => { saveStack(key, stack); }, [key, stack]);

  const cursor = stack[stack.length - 1];
  const result = useCall('tickets.list', pageInput(query, cursor), { keepPrevious: true, enabled });
  const page = stack.length - 1;
  const data = result.data;

  const next = useCallback(() => {
    if (!data?.nextCursor || result.isPlaceholderData) return;
    setState({ key, stack: [...stack, data.nextCursor] });
  }, [data, result.isPlaceholderData, key, stack]);
  const prev = useCallback(() => {
    if (stack.length <= 1) return;
    setState({ key, stack: stack.slice(0, -1) });
  }, [key, stack]);
  const first = useCallback(() => setState({ key, stack: [undefined] }), [key]);

  // A cursor the server no longer accepts (e.g. after an upgrade): start again.
  const error = result.error;
  useEffect(() => {
    if (error?.code === 'VALIDATION' && error.details.some((d) => d.path === 'cursor')) first();
  }, [error, first]);

  const { refetch } = result;
  return useMemo(() => ({
    data: enabled ? data : undefined,
    error: enabled ? error : null,
    /** True while the page on screen is not (yet) the one asked for. */
    loading: enabled && (result.isFetching || result.isPlaceholderData),
    reload: () => void refetch(),
    page, from: page * PAGE_SIZE + 1, next, prev, first,
    hasNext: !!data?.nextCursor, hasPrev: page > 0,
  }), [enabled, data, error, result.isFetching, result.isPlaceholderData, refetch, page, next, prev, first]);
}
