// Counts per status for the queue's chips: one tickets.counts call with the list's filters.
// On a big database a full-text count costs more than a page of results, and the hub
// answers one request at a time, so the counts (1) wait until the list itself has arrived,
// (2) are dropped when the filters change meanwhile, and (3) are remembered for a short
// while (back from a ticket: no refetch).
import { useEffect, useRef, useState } from 'react';
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
    setState({ key, counts: {} });
    void (async () => {
      const { status: _status, ...filters } = JSON.parse(key) as TicketListInput;
      try {
        const r = await call('tickets.counts', filters);
        if (stopped) return;
        const counts: Counts = { ...r.byStatus };
        setState({ key, counts });
        cache.set(key, { at: Date.now(), counts });
      } catch {
        // leave the counts unknown; the list shows its own error
      }
    })();
  }, [key, ready, nonce]);

  return state.key === key ? state.counts : {};
}
