// Test support for attachments: upload and download over the real HTTP routes exactly as
// the spec writes them (POST /api/v1/files with X-File-Name; GET /api/v1/files/<id>[/thumbnail]).
import type { TestHub } from '../support/hub.ts';

export interface UploadAnswer {
  status: number;
   
  body: any;
  headers: Headers;
}

export async function upload(hub: TestHub, token: string | null, bytes: Uint8Array | ReadableStream<Uint8Array>, name: string, claimedType = 'application/octet-stream'): Promise<UploadAnswer> {
  const headers: Record<string, string> = { 'Content-Type': claimedType, 'X-File-Name': encodeURIComponent(name) };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${hub.url}/api/v1/files`, { method: 'POST', headers, body: bytes, ...(bytes instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* keep text */ }
  return { status: res.status, body, headers: res.headers };
}

/** Uploads and expects 201; returns the upload's id. */
export async function uploaded(hub: TestHub, token: string, bytes: Uint8Array, name: string): Promise<number> {
  const r = await upload(hub, token, bytes, name);
  if (r.status !== 201) throw new Error(`upload of ${name} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.id as number;
}

export interface Download {
  status: number;
  bytes: Buffer;
  headers: Headers;
   
  json: any;
}

export async function download(hub: TestHub, token: string | null, id: number | string, thumbnail = false): Promise<Download> {
  const res = await fetch(`${hub.url}/api/v1/files/${id}${thumbnail ? '/thumbnail' : ''}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown = null;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) json = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, bytes, headers: res.headers, json };
}
