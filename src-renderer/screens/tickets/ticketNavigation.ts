// The list a ticket was opened from (ids and the list's address), kept in sessionStorage so
// the ticket page can offer "n of m", j/k to the neighbours, and "back" to the same list.
const LIST_KEY = 'campusdesk.lastList';

export function rememberList(ids: number[], from: string): void {
  try { sessionStorage.setItem(LIST_KEY, JSON.stringify({ ids, from })); } catch { /* ignore */ }
}

export function recalledList(): { ids: number[]; from: string } | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(LIST_KEY) ?? 'null') as { ids: number[]; from: string } | null;
    return v && Array.isArray(v.ids) ? v : null;
  } catch { return null; }
}
