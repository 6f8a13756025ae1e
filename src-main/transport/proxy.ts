// Who is on the other end of an HTTP request, behind reverse proxies: `--trust-proxy` lists
// the proxies (addresses or CIDR ranges) whose X-Forwarded-For / X-Forwarded-Proto /
// X-Request-Id headers are believed. From anyone else those headers are ignored, so a client
// cannot pick its own address to dodge sign-in throttling or the kiosk lookup limits.
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface TrustedProxies {
  /** The entries as given (for logs and the start-up line). */
  readonly entries: readonly string[];
  has(address: string): boolean;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; brackets and zone ids removed. */
export function normalizeAddress(address: string): string {
  let a = address.trim().replace(/^\[|\]$/g, '');
  const pct = a.indexOf('%');
  if (pct >= 0) a = a.slice(0, pct);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped?.[1] ?? a.toLowerCase();
}

/** Problems with a proxy list entry, or null when it is an IP address or a CIDR range. */
export function proxyEntryProblem(entry: string): string | null {
  const [addr, bits, more] = entry.trim().split('/');
  if (more !== undefined || !addr) return `"${entry}" is not an IP address or CIDR range`;
  const family = isIP(normalizeAddress(addr));
  if (family === 0) return `"${entry}" is not an IP address or CIDR range`;
  if (bits !== undefined) {
    const n = Number(bits);
    if (!/^\d+$/.test(bits) || n > (family === 4 ? 32 : 128)) return `"${entry}" has an invalid prefix length`;
  }
  return null;
}

/** Builds the trusted set; throws on an entry that is neither an address nor a CIDR range. */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const raw of entries) {
    const problem = proxyEntryProblem(raw);
    if (problem) throw new Error(problem);
    const [addr, bits] = raw.trim().split('/') as [string, string | undefined];
    const a = normalizeAddress(addr);
    const type = isIP(a) === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(a, type);
    else list.addSubnet(a, Number(bits), type);
  }
  return {
    entries: [...entries],
    has(address: string): boolean {
      const a = normalizeAddress(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

export const noProxies: TrustedProxies = { entries: [], has: () => false };

const LOOPBACK = trustedProxies(['127.0.0.0/8', '::1']);
export const isLoopback = (address: string): boolean => LOOPBACK.has(address);

export interface RequestOrigin {
  /** The client's address: the socket's, or the first untrusted hop of X-Forwarded-For. */
  client: string;
  /** The socket's peer (the proxy, when there is one). */
  peer: string;
  /** Whether the request came through a trusted proxy. */
  proxied: boolean;
  /** `https` or `http`, as the client used it. */
  proto: 'http' | 'https';
  /** From a trusted proxy's X-Request-Id when well-formed, else a new UUID. */
  requestId: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function requestOrigin(req: IncomingMessage, proxies: TrustedProxies, tls: boolean): RequestOrigin {
  const peer = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
  const ownProto = tls ? 'https' : 'http';
  if (!proxies.has(peer)) return { client: peer, peer, proxied: false, proto: ownProto, requestId: randomUUID() };
  // Walk X-Forwarded-For from the nearest hop: the first address that is not a trusted proxy is the client.
  const hops = (header(req, 'x-forwarded-for') ?? '').split(',').map((h) => normalizeAddress(h)).filter((h) => isIP(h) !== 0);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    client = hops[i]!;
    if (!proxies.has(client)) break;
  }
  const forwardedProto = (header(req, 'x-forwarded-proto') ?? '').split(',')[0]?.trim().toLowerCase();
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : ownProto;
  const given = header(req, 'x-request-id')?.trim();
  return { client, peer, proxied: true, proto, requestId: given && REQUEST_ID.test(given) ? given : randomUUID() };
}
