// Test support: reads a Server-Sent Events stream with fetch (as the browser app does, with
// the Authorization header) and collects its events for assertions.
export interface SseEvent { type: string; data: any }

export interface SseClient {
  status: number;
  events: SseEvent[];
  /** Resolves with the first event (already received or coming) that matches. */
  waitFor(pred: (e: SseEvent) => boolean, what?: string): Promise<SseEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, token: string | null): Promise<SseClient> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: ctrl.signal });
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((r) => { markEnded = r; });
  const client: SseClient = {
    status: res.status, events, ended,
    waitFor(pred) {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => ctrl.abort(),
  };
  if (res.status !== 200 || !res.body) { markEnded(); return client; }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
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
          const e = { type, data: JSON.parse(data.join('\n')) };
          events.push(e);
          for (const w of [...waiters]) if (w.pred(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
        }
      }
    } catch { /* aborted */ }
    markEnded();
  })();
  return client;
}
