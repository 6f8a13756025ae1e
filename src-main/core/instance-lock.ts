// Who has a database open: a `<db>.lock` JSON file beside the database listing the running
// hubs, desktop apps and command lines (pid, kind, url, started). createApp adds its entry
// and removes it on close; entries of processes that no longer run are ignored (and dropped
// on the next write). `restore` reads it to refuse replacing a database that is in use.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const INSTANCE_KINDS = ['hub', 'desktop', 'cli'] as const;
export type InstanceKind = (typeof INSTANCE_KINDS)[number];

const Holder = z.object({
  pid: z.number().int().positive(),
  kind: z.enum(INSTANCE_KINDS),
  url: z.string().nullable(),
  started: z.string(),
});
export type InstanceHolder = z.infer<typeof Holder>;
const LockFile = z.object({ holders: z.array(Holder) });

export const lockPathOf = (dbPath: string): string => `${dbPath}.lock`;

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolders(dbPath: string): InstanceHolder[] {
  let text: string;
  try { text = readFileSync(lockPathOf(dbPath), 'utf8'); } catch { return []; }
  let json: unknown;
  try { json = JSON.parse(text); } catch { return []; }
  const parsed = LockFile.safeParse(json);
  return parsed.success ? parsed.data.holders : [];
}

function writeHolders(dbPath: string, holders: InstanceHolder[]): void {
  const path = lockPathOf(dbPath);
  if (holders.length === 0) {
    rmSync(path, { force: true });
    return;
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ holders }, null, 2) + '\n');
  renameSync(tmp, path);
}

/** The live processes that have this database open (stale entries left out). */
export function instancesOf(dbPath: string): InstanceHolder[] {
  return readHolders(dbPath).filter((h) => pidAlive(h.pid));
}

/** One sentence naming who holds the database, e.g. "a hub (pid 123, http://…) since …". */
export function describeHolder(h: InstanceHolder): string {
  const what = h.kind === 'hub' ? 'a CampusDesk hub' : h.kind === 'desktop' ? 'the CampusDesk desktop app' : 'a campusdesk command';
  return `${what} (pid ${h.pid}${h.url ? `, ${h.url}` : ''}, since ${h.started})`;
}

export interface InstanceLock {
  readonly holder: InstanceHolder;
  /** Records the URL a hub listens on, once known. */
  setUrl(url: string): void;
  release(): void;
}

/** Adds this process to the database's lock file. */
export function holdInstance(dbPath: string, kind: InstanceKind, url: string | null = null): InstanceLock {
  const holder: InstanceHolder = { pid: process.pid, kind, url, started: new Date().toISOString() };
  const others = (): InstanceHolder[] => instancesOf(dbPath).filter((h) => !(h.pid === holder.pid && h.kind === holder.kind && h.started === holder.started));
  try { writeHolders(dbPath, [...others(), holder]); } catch { /* a read-only folder: nothing to record */ }
  let released = false;
  return {
    holder,
    setUrl(u) {
      holder.url = u;
      if (!released) try { writeHolders(dbPath, [...others(), holder]); } catch { /* best effort */ }
    },
    release() {
      if (released) return;
      released = true;
      try { writeHolders(dbPath, others()); } catch { /* best effort */ }
    },
  };
}
