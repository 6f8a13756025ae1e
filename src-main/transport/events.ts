// GET /api/v1/events: the live stream (Server-Sent Events) of the changes the caller may see
// — tickets created and changed, new messages, new notifications — so screens update without
// a reload. Filtering is the bus's rule (core/notifications-bus.ts `mayHear`): staff hear of
// every ticket, a reporter only of its own and never of internal notes; a notification only
// reaches its recipient.
//
// - Auth: `Authorization: Bearer <token>` like every call. Browsers read the stream with
//   fetch() (which can send that header) rather than EventSource (which cannot); no token ever
//   goes into a URL. The desktop app gets the same events over IPC instead.
// - Wire format: `id: <n>`, `event: <type>`, `data: <json>`; first an `event: ready` with the
//   unread count; a comment line every HEARTBEAT_MS. The session is checked again at each
//   heartbeat and before each event (a signed-out, deactivated or expired session ends the
//   stream with `event: end` instead of hearing anything more). No replay: a client that
//   reconnects refetches what it shows.
// - A slow reader whose unsent data passes MAX_BUFFERED is dropped; at most MAX_STREAMS_PER_USER
//   streams per user (RATE_LIMITED beyond). Hub stop ends every stream cleanly (`event: end`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from '../api/registry.ts';
import { authenticateToken } from '../core/auth.ts';
import { AppError, unauthenticated } from '../core/errors.ts';
import { mayHear, subscribe, type LiveEvent } from '../core/notifications-bus.ts';
import { unreadCount } from '../core/notifications.ts';

export const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED = 1024 * 1024;
export const MAX_STREAMS_PER_USER = 20;

interface Stream {
  userId: number;
  end(reason: string): void;
}
const open = new WeakMap<Registry, Set<Stream>>();
const streamsOf = (r: Registry): Set<Stream> => {
  let s = open.get(r);
  if (!s) open.set(r, (s = new Set()));
  return s;
};

/** Answers GET /api/v1/events (throws AppError before the stream starts). */
export function openEventStream(registry: Registry, req: IncomingMessage, res: ServerResponse, token: string | null, headers: Record<string, string>): void {
  const core = registry.core;
  const actor = token ? authenticateToken(core, token) : null;
  if (!actor || !token) throw unauthenticated();
  const streams = streamsOf(registry);
  if ([...streams].filter((s) => s.userId === actor.id).length >= MAX_STREAMS_PER_USER) {
    throw new AppError('RATE_LIMITED', `At most ${MAX_STREAMS_PER_USER} event streams per user; close another one first.`);
  }
  req.resume();
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
    Connection: 'keep-alive',
  });
  res.socket?.setNoDelay(true);
  res.socket?.setTimeout(0);
  let seq = 0;
  let ended = false;
  const write = (text: string) => {
    if (ended) return;
    res.write(text);
    if (res.writableLength > MAX_BUFFERED) stream.end('too slow');
  };
  const send = (type: string, data: unknown) => write(`id: ${++seq}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  const listener = { userId: actor.id, role: actor.role };
  const unsubscribe = subscribe(core, (e: LiveEvent) => {
    if (!mayHear(listener, e)) return;
    // The session is checked again before anything is told (signed out, deactivated, expired).
    const still = authenticateToken(core, token);
    if (!still || still.id !== actor.id) { stream.end('signed out'); return; }
    listener.role = still.role;
    if (mayHear(listener, e)) send(e.type, e.data);
  });
  const heartbeat = setInterval(() => {
    const still = authenticateToken(core, token);
    if (!still || still.id !== actor.id) { stream.end('signed out'); return; }
    listener.role = still.role;
    write(`: ping ${Date.now()}\n\n`);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const stream: Stream = {
    userId: actor.id,
    end(reason: string) {
      if (ended) return;
      send('end', { reason });
      ended = true;
      cleanup();
      res.end();
    },
  };
  const cleanup = () => {
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(stream);
  };
  streams.add(stream);
  res.on('close', cleanup);
  write('retry: 5000\n\n');
  send('ready', { unread: unreadCount(core, actor.id), userId: actor.id });
}

/** Ends every open stream of this registry's hub (on stop). */
export function closeEventStreams(registry: Registry): void {
  for (const s of [...streamsOf(registry)]) s.end('the hub is stopping');
}
