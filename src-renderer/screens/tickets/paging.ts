// Server-side pagination over tickets.list with keyset cursors: the stack of cursors that
// led to the current page is kept (per query, in sessionStorage) so "previous" works and
// coming back from a ticket lands on the same page.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { call, type TicketList, type TicketListInput } from '../../api/client.ts';
import { useAsync } from '../../api/hooks.ts';

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

export function useTicketPages(query: TicketListInput) {
  const key = JSON.stringify(query);
  const [state, setState] = useState(() => ({ key, stack: loadStack(key) }));
  const stack = state.key === key ? state.stack : loadStack(key);
  useEffect(() => {
    if (state.key !== key) setState({ key, stack: loadStack(key) });
  }, [key, state.key]);
  useEffect(() => { saveStack(key, stack); }, [key, stack]);

  const cursor = stack[stack.length - 1];
  const result = useAsync<TicketList>(
    () => call('tickets.list', { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    [key, cursor],
  );
  const page = stack.length - 1;
  const data = result.data;

  const next = useCallback(() => {
    if (!data?.nextCursor) return;
    const c = data.nextCursor;
    setState({ key, stack: [...stack, c] });
  }, [data, key, stack]);
  const prev = useCallback(() => {
    if (stack.length <= 1) return;
    setState({ key, stack: stack.slice(0, -1) });
  }, [key, stack]);
  const first = useCallback(() => setState({ key, stack: [undefined] }), [key]);

  // A cursor the server no longer accepts (e.g. after an upgrade): start again.
  useEffect(() => {
    if (result.error?.code === 'VALIDATION' && result.error.details.some((d) => d.path === 'cursor')) first();
  }, [result.error, first]);

  return useMemo(() => ({
    ...result, page, from: page * PAGE_SIZE + 1, next, prev, first,
    hasNext: !!data?.nextCursor, hasPrev: page > 0,
  }), [result, page, next, prev, first, data]);
}

// ---------- the list a ticket was opened from (for j/k on the ticket page) ----------

const LIST_KEY = 'campusdesk.lastList';

export function rememberList(ids: number[], from: string): void {
  try { sessionStorage.setItem(LIST_KEY, JSON.stringify({ ids, from })); } catch { /* ignore */ }
}

export function recalledList(): { ids: number[]; from: string } | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(LIST_KEY) ?? 'null') as { ids: number[]; from: string } | null;
    return v && Array.isArray(v.ids) ? v : null;
  } catch { return null; }
}
