// Attachments: the blob store beside the database. Layout (stable; backups copy it whole):
//
//   <db>.files/                      filesFolderOf(dbPath), src-shared/files-folder.ts
//   <db>.files/<aa>/<sha256>         one blob per distinct content (aa: its first two hex digits)
//   <db>.files/tmp/                  uploads being received (safe to skip in backups)
//
// Blobs are named by the SHA-256 of the stored bytes (after images are cleaned), so the same
// content is kept once however often it is uploaded; a blob is removed only when no `files`
// row refers to it any more. `checkFiles` reports rows whose blob is missing or altered.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesFolderOf } from '../../src-shared/files-folder.ts';
import { files } from '../db/schema.ts';
import type { Core } from './context.ts';

/** What the blob store needs of a core: its database and where the database file is. */
export type StoreHost = Pick<Core, 'db' | 'dbPath'>;

const SHA256 = /^[0-9a-f]{64}$/;

/** In-memory databases get a private temporary folder per core. */
const memoryFolders = new WeakMap<StoreHost, string>();

/** The folder holding this database's blobs (created on first use). */
export function filesRoot(core: StoreHost): string {
  if (core.dbPath === ':memory:' || core.dbPath === '') {
    let dir = memoryFolders.get(core);
    if (!dir) memoryFolders.set(core, (dir = mkdtempSync(join(tmpdir(), 'campusdesk-files-'))));
    return dir;
  }
  return filesFolderOf(core.dbPath);
}

export function blobPath(core: StoreHost, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return join(filesRoot(core), sha256.slice(0, 2), sha256);
}

/** A fresh path in the store's tmp/ folder for an upload being received. */
export function tempUploadPath(core: Core): string {
  const dir = join(filesRoot(core), 'tmp');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${Date.now().toString(36)}-${randomBytes(8).toString('hex')}.part`);
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores bytes under their hash (synchronously, so that no clean-up can run between storing
 * a blob and inserting the row that refers to it). Returns the hash.
 */
export function putBlob(core: Core, bytes: Uint8Array): string {
  const sha = sha256Of(bytes);
  const target = blobPath(core, sha);
  if (existsSync(target)) return sha;
  mkdirSync(join(filesRoot(core), sha.slice(0, 2)), { recursive: true });
  const part = tempUploadPath(core);
  writeFileSync(part, bytes);
  renameSync(part, target);
  return sha;
}

export function readBlob(core: Core, sha256: string): Buffer | null {
  try {
    return readFileSync(blobPath(core, sha256));
  } catch {
    return null;
  }
}

/** Removes a blob unless a files row still refers to it. */
export function removeBlobIfUnused(core: Core, sha256: string): void {
  const used = core.sqlite.prepare('SELECT 1 FROM files WHERE sha256 = ? LIMIT 1').get(sha256);
  if (used) return;
  try { unlinkSync(blobPath(core, sha256)); } catch { /* already gone */ }
}

export function removeTemp(path: string): void {
  try { rmSync(path, { force: true }); } catch { /* best effort */ }
}

// ---------- check ----------

export interface FileProblem {
  /** The files row whose blob is wrong. */
  fileId: number;
  sha256: string;
  problem: 'missing' | 'altered';
  path: string;
  message: string;
}

function hashFile(path: string): string | null {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch { return null; }
  try {
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
    }
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}

/**
 * Every files row's blob exists and its content still hashes to the row's sha256. One
 * problem per row (rows sharing a blob each report it). For `campusdesk check`.
 */
export function checkFiles(core: StoreHost): FileProblem[] {
  const rows = core.db.select({ id: files.id, sha256: files.sha256 }).from(files).orderBy(files.id).all();
  const verdict = new Map<string, 'ok' | 'missing' | 'altered'>();
  const problems: FileProblem[] = [];
  for (const row of rows) {
    const path = SHA256.test(row.sha256) ? blobPath(core, row.sha256) : join(filesRoot(core), '(invalid name)');
    let v = verdict.get(row.sha256);
    if (v === undefined) {
      const actual = SHA256.test(row.sha256) ? hashFile(path) : null;
      v = actual === null ? 'missing' : actual === row.sha256 ? 'ok' : 'altered';
      verdict.set(row.sha256, v);
    }
    if (v === 'ok') continue;
    problems.push({
      fileId: row.id, sha256: row.sha256, problem: v, path,
      message: v === 'missing'
        ? `File #${row.id}: its stored content ${path} is missing.`
        : `File #${row.id}: its stored content ${path} was altered (its SHA-256 no longer matches).`,
    });
  }
  return problems;
}
