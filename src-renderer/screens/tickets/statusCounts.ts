// Counts per status for the queue's chips: tickets.list with limit 1 per status, same
// filters otherwise (the API's `total`). On a big database a full-text count costs far
// more than a page of results, and the hub answers one request at a time, so the counts
// (1) wait until the list itself has arrived, (2) go one at a time, (3) stop as soon as the
// filters change, and (4) are remembered for a short while (back from a ticket: no refetch).
import { useEffect, useRef, useState } from 'react';
import { STATUSES } from '../../../src-main/core/domain.ts';
import { call, type Status, type TicketListInput } from '../../api/client.ts';

type Counts = Partial<Record<Status, number>>;
const cache = new Map<string, { at: number; counts: Counts }>();
const FRESH_MS = 30_000;

export function useStatusCounts(base: TicketListInput, ready: boolean, nonce: number): Counts {
  const { sort: _s, order: _o, ...filters } = base;
  const key = JSON.stringify(filters);
  const [state, setState] = useState<{ key: string; counts: Counts }>({ key: '', counts: {} });
  const run = useRef<{ key: string; stop: () => void } | null>(null);
  const lastNonce = useRef(nonce);

  useEffect(() => () => { run.current?.stop(); run.current = null; }, []);

  useEffect(() => {
    const forced = nonce !== lastNonce.current;
    lastNonce.current = nonce;
    if (run.current && run.current.key !== key) { run.current.stop(); run.current = null; }
    if (run.current && !forced) return; // already counting (or counted) these filters
    const cached = cache.get(key);
    if (!forced && cached && Date.now() - cached.at < FRESH_MS) {
      setState({ key, counts: cached.counts });
      return;
    }
    if (!ready && !forced) return;
    run.current?.stop();
    let stopped = false;
    run.current = { key, stop: () => { stopped = true; } };
    const counts: Counts = {};
    setState({ key, counts: {} });
    void (async () => {
      for (const status of STATUSES) {
        if (stopped) return;
        try {
          const r = await call('tickets.list', { ...JSON.parse(key) as TicketListInput, status: [status], limit: 1 });
          counts[status] = r.total;
        } catch {
          return; // leave the rest unknown; the list shows its own error
        }
        if (!stopped) setState({ key, counts: { ...counts } });
      }
      cache.set(key, { at: Date.now(), counts: { ...counts } });
    })();
  }, [key, ready, nonce]);

  return state.key === key ? state.counts : {};
}
