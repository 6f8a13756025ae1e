// The renderer's side of the live events: in the desktop app from the preload bridge
// (`window.campusdesk.onLiveEvent`), in a browser from GET /api/v1/events read with fetch (so
// the session token travels in the Authorization header, never in a URL; EventSource cannot
// send headers). Each event invalidates the TanStack Query keys it makes stale
// (`[procedureName, input]`) and is re-dispatched as a `campusdesk:live` DOM event for screens
// that still load data by hand (useLiveRefresh). The browser reconnects with backoff.
import { useEffect, useRef } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { storedToken } from './client.ts';

export interface LiveEvent {
  /** 'ready', 'ticket.created', 'ticket.changed', 'message.created', 'notification.created', 'notifications.read', 'end', or a newer hub's type. */
  type: string;
  data: Record<string, unknown>;
}

const DOM_EVENT = 'campusdesk:live';

const TICKET_LISTS = new Set(['tickets.list', 'tickets.counts']);
const ONE_TICKET = new Set(['tickets.get', 'tickets.history', 'messages.list']);

/** Marks stale what an event changed. */
export function invalidateFor(client: QueryClient, event: LiveEvent): void {
  const ticketId = typeof event.data.ticketId === 'number' ? event.data.ticketId : null;
  if (event.type.startsWith('notification')) {
    void client.invalidateQueries({ queryKey: ['notifications.list'] });
    return;
  }
  if (event.type === 'ready') {
    void client.invalidateQueries({ queryKey: ['notifications.list'] });
    return;
  }
  if (ticketId === null) return;
  void client.invalidateQueries({
    predicate: (q) => {
      const [name, input] = q.queryKey as [unknown, unknown];
      if (typeof name !== 'string') return false;
      if (TICKET_LISTS.has(name)) return true;
      if (!ONE_TICKET.has(name)) return false;
      const i = (input ?? {}) as { id?: unknown; ticketId?: unknown };
      return i.id === ticketId || i.ticketId === ticketId;
    },
  });
}

/** Reads an SSE stream from a fetch Response body; calls `onEvent` per event. */
async function readStream(body: ReadableStream<Uint8Array>, onEvent: (e: LiveEvent) => void, signal: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  while (!signal.aborted) {
    const { done, value } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) type = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length === 0) continue;
      try { onEvent({ type, data: JSON.parse(data.join('\n')) as Record<string, unknown> }); } catch { /* a malformed event is skipped */ }
    }
  }
}

/** Connects while mounted (once, in the signed-in layout). */
export function useLiveEvents(client: QueryClient, onEvent?: (e: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const deliver = (e: LiveEvent) => {
      invalidateFor(client, e);
      handler.current?.(e);
      window.dispatchEvent(new CustomEvent<LiveEvent>(DOM_EVENT, { detail: e }));
    };
    const bridge = window.campusdesk;
    if (bridge?.onLiveEvent) return bridge.onLiveEvent(deliver);
    if (bridge) return undefined;
    const ctrl = new AbortController();
    let delay = 1000;
    void (async () => {
      while (!ctrl.signal.aborted) {
        const token = storedToken();
        if (!token) return;
        try {
          const res = await fetch('/api/v1/events', { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: ctrl.signal, cache: 'no-store' });
          if (res.status === 401) return; // signed out: the session layer takes over
          if (res.ok && res.body) {
            delay = 1000;
            let ended = false;
            await readStream(res.body, (e) => { if (e.type === 'end') ended = true; deliver(e); }, ctrl.signal);
            if (ended && !storedToken()) return;
          }
        } catch { /* network trouble: retry below */ }
        if (ctrl.signal.aborted) return;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    })();
    return () => ctrl.abort();
  }, [client]);
}

/** Calls `reload` when a live event matches (for screens that load data without TanStack Query). */
export function useLiveRefresh(matches: (e: LiveEvent) => boolean, reload: () => void): void {
  const m = useRef(matches);
  const r = useRef(reload);
  m.current = matches;
  r.current = reload;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const on = (ev: Event) => {
      const e = (ev as CustomEvent<LiveEvent>).detail;
      if (!m.current(e)) return;
      // A burst of events (one change writes several) reloads once.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => { timer = null; r.current(); }, 150);
    };
    window.addEventListener(DOM_EVENT, on);
    return () => { window.removeEventListener(DOM_EVENT, on); if (timer) clearTimeout(timer); };
  }, []);
}

export const isTicketEvent = (e: LiveEvent): boolean => e.type === 'ticket.created' || e.type === 'ticket.changed' || e.type === 'message.created';
