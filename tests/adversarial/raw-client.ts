// Test support for the adversarial suite: HTTP/1.1 spoken by hand over a raw TCP socket
// (node:net), so a test can send what no well-behaved client would (broken request lines,
// bad escapes, invalid UTF-8, oversized or trickled headers, lying Content-Length, chunked
// garbage), and a hub child process (`src-main/cli/serve.ts`) to prove the process survives.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RawAnswer {
  /** Status code of the first response, or null when the server closed without answering. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The connection was closed by the server (rather than left open by us). */
  closed: boolean;
  raw: string;
}

export interface RawOptions {
  /** Send the request in these pieces, waiting `gapMs` between them (slow clients). */
  pieces?: (string | Buffer)[];
  gapMs?: number;
  /** Give up waiting for the server after this long (the server should answer well before). */
  waitMs?: number;
  /** Half-close the socket after sending (a client that gives up: the body ends early). */
  halfClose?: boolean;
}

/** Sends `request` (or its pieces) to host:port and reads the first response. */
export function rawRequest(port: number, request: string | Buffer, opts: RawOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks).toString('latin1'), closed));
    };
    const timer = setTimeout(() => finish(false), opts.waitMs ?? 10_000);
    socket.on('data', (d) => {
      chunks.push(d);
      const answer = parse(Buffer.concat(chunks).toString('latin1'), false);
      // A complete answer: done, unless the server announced it closes (then wait for that).
      if (answer.status !== null && complete(answer) && answer.headers.connection !== 'close') finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server may reset a connection it refuses; that counts as closed.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') finish(true);
      else if (!done) { done = true; clearTimeout(timer); reject(err); }
    });
    socket.on('connect', async () => {
      const pieces = opts.pieces ?? [request];
      for (const [i, piece] of pieces.entries()) {
        if (done || socket.destroyed) return;
        socket.write(piece);
        if (i < pieces.length - 1 && opts.gapMs) await sleep(opts.gapMs);
      }
      if (opts.halfClose && !socket.destroyed) socket.end();
    });
  });
}

function parse(text: string, closed: boolean): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  if (!text.startsWith('HTTP/1.1 ') || end < 0) return { status: null, headers: {}, body: '', closed, raw: text };
  const [line, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const status = Number(line!.split(' ')[1]);
  const rest = Buffer.from(text.slice(end + 4), 'latin1');
  const length = headers['content-length'] === undefined ? rest.length : Number(headers['content-length']);
  return { status, headers, body: rest.subarray(0, length).toString('utf8'), closed, raw: text };
}

const complete = (a: RawAnswer): boolean =>
  a.headers['content-length'] !== undefined && Buffer.byteLength(a.body) >= Number(a.headers['content-length']);

/** The error envelope's code of a raw answer (throws when the body is not the envelope). */
export function codeOf(a: RawAnswer): string {
  const body = JSON.parse(a.body) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string' || !Array.isArray(body.error.details)) {
    throw new Error(`not the error envelope: ${a.body}`);
  }
  return body.error.code;
}

export interface HubProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `node src-main/cli/serve.ts --port 0 --db <dbPath>` and waits for its URL. */
export async function spawnHub(dbPath: string, extraEnv: Record<string, string> = {}): Promise<HubProcess> {
  const child = spawn(process.execPath, ['src-main/cli/serve.ts', '--port', '0', '--host', '127.0.0.1', '--db', dbPath], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extraEnv },
  });
  let out = '';
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /CampusDesk hub on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
  return {
    child, url, port: Number(new URL(url).port), output: () => out, exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
