// The benchmark's HTTP client: node:http over one kept-alive connection. fetch (undici) spends
// noticeable time of its own per call, which the benchmark would otherwise count as the hub's;
// node:http with a keep-alive agent spends far less.
import { Agent, request } from 'node:http';

export interface ApiAnswer { status: number; serverMs: number | null; text: string }

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** The hub's own time for the call, from its Server-Timing header (`app;dur=…`). */
const serverTiming = (header: string | string[] | undefined): number | null => {
  const m = /(?:^|,)\s*app;dur=([\d.]+)/.exec(Array.isArray(header) ? header.join(',') : header ?? '');
  return m ? Number(m[1]) : null;
};

/** POST /api/v1/<name> with a JSON body (and a bearer token when given). */
export function postApi(hubUrl: string, name: string, input: unknown, token?: string): Promise<ApiAnswer> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = request(`${hubUrl}/api/v1/${name}`, {
      method: 'POST',
      agent,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, serverMs: serverTiming(res.headers['server-timing']), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
