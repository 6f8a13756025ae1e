// j/k on the ticket page: the next/previous ticket of the list it was opened from. The
// neighbours are prefetched, so a step shows the next ticket from the cache at once.
import { useEffect, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useShortcut } from '../../app/shortcuts.tsx';
import { recalledList } from './ticketNavigation.ts';
import { prefetchTicket } from './ticketQueries.ts';

/** The ticket id in the address bar (navigate() changes it at once; the route follows in a transition). */
const shownId = (fallback: number): number => Number(/^#\/tickets\/(\d+)/.exec(window.location.hash)?.[1] ?? fallback);

export function useTicketSteps(id: number) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useMemo(() => recalledList(), []);
  const pos = list ? list.ids.indexOf(id) : -1;
  const prevId = pos > 0 ? list!.ids[pos - 1] : undefined;
  const nextId = pos >= 0 && list && pos < list.ids.length - 1 ? list.ids[pos + 1] : undefined;

  useEffect(() => {
    if (nextId !== undefined) prefetchTicket(client, nextId);
    if (prevId !== undefined) prefetchTicket(client, prevId);
  }, [client, nextId, prevId]);

  // Keys pressed in quick succession each move one ticket on, even before the page re-renders:
  // the position comes from the address bar, so a render in between (a load finishing) that
  // still carries the old id does not turn the position back.
  const step = (delta: number) => {
    const at = list ? list.ids.indexOf(shownId(id)) : -1;
    const target = at < 0 ? undefined : list?.ids[at + delta];
    if (target !== undefined) navigate(`/tickets/${target}`);
  };
  useShortcut('j', () => step(1));
  useShortcut('k', () => step(-1));

  return {
    /** Position in the list (-1: not opened from a list). */
    pos, count: list?.ids.length ?? 0, prevId, nextId,
    /** Where "back" leads: the list it was opened from, if any. */
    from: list && pos >= 0 ? list.from : null,
    go: (target: number | undefined) => { if (target !== undefined) navigate(`/tickets/${target}`); },
  };
}
