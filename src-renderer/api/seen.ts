// "Changed since you last looked": the version of each ticket the person last opened, kept in
// this browser/desktop profile (localStorage, per user, at most MAX entries). A ticket in a
// list is marked when it was opened before and has changed since.
const KEY = 'campusdesk.seen';
const MAX = 2000;

type Seen = Record<string, number>;

function load(userId: number): Seen {
  try { return (JSON.parse(localStorage.getItem(`${KEY}.${userId}`) ?? '{}') as Seen) ?? {}; } catch { return {}; }
}

export function markSeen(userId: number, ticketId: number, version: number): void {
  try {
    const all = load(userId);
    delete all[ticketId];
    all[ticketId] = version;
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX))) delete all[k];
    localStorage.setItem(`${KEY}.${userId}`, JSON.stringify(all));
  } catch { /* storage unavailable: no marks */ }
}

/** Whether the ticket changed since this user last opened it (false when never opened). */
export function changedSinceSeen(userId: number, ticket: { id: number; version: number }): boolean {
  const v = load(userId)[ticket.id];
  return v !== undefined && ticket.version > v;
}
