// The keyset cursor of tickets.list: the sort value, (for priority) the updatedAt
// tie-breaker and the id of the last row, bound to one sort and order.
import { fieldError } from '../errors.ts';
import type { SortKey } from './list-planner.ts';

/** Keyset position: the sort value, (for priority) the updatedAt tie-breaker, and the id. */
export interface Cursor { s: SortKey; o: 'asc' | 'desc'; v: number; u?: number; id: number }

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(text: string, sort: SortKey, order: 'asc' | 'desc'): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (c.s === sort && c.o === order && Number.isSafeInteger(c.v) && Number.isSafeInteger(c.id) &&
      (sort !== 'priority' || Number.isSafeInteger(c.u))) return c as Cursor;
  } catch { /* fall through */ }
  throw fieldError('cursor', 'The cursor is not valid for this sort order; start again from the first page.');
}

/** Whether the row (v, u, id) comes after the cursor in the list's order. */
export function afterCursor(sort: SortKey, order: 'asc' | 'desc', c: Cursor, r: { v: number; u: number; id: number }): boolean {
  const cmp = sort === 'id' ? r.id - c.id
    : r.v !== c.v ? r.v - c.v
      : sort === 'priority' && r.u !== c.u ? r.u - (c.u ?? 0)
        : r.id - c.id;
  return order === 'desc' ? cmp < 0 : cmp > 0;
}
