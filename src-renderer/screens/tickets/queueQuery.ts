// The agent queue's filters as URL query parameters (so a view can be bookmarked or
// shared) and their translation into a tickets.list input.
//   status=open,waiting | all (absent: the active statuses)   category=a,b   priority=high,urgent
//   assignee=me | none | <user id>   from=2026-03-01 & to=2026-03-31 (opened, local days, inclusive)
//   q=<full-text>   sort=updatedAt|openedAt|priority|id   order=asc|desc
import { STATUSES, PRIORITIES, ACTIVE_STATUSES, type Priority, type Status } from '../../../src-shared/domain.ts';
import type { TicketListInput } from '../../api/client.ts';
import { localDayEnd, localDayStart } from '../../format.ts';
import type { SortKey } from './TicketTable.tsx';

export interface QueueFilters {
  status: Status[];
  allStatuses: boolean;
  category: string[];
  priority: Priority[];
  assignee: 'me' | 'none' | number | null;
  from: string;
  to: string;
  q: string;
  sort: SortKey;
  order: 'asc' | 'desc';
}

const SORT_KEYS: SortKey[] = ['updatedAt', 'openedAt', 'priority', 'id'];
const list = (v: string | null): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && localDayStart(v) !== undefined;

export function parseQueue(params: URLSearchParams): QueueFilters {
  const rawStatus = params.get('status');
  const allStatuses = rawStatus === 'all';
  const status = rawStatus === null ? [...ACTIVE_STATUSES] : allStatuses ? [] : list(rawStatus).filter((s): s is Status => (STATUSES as readonly string[]).includes(s));
  const assigneeRaw = params.get('assignee');
  const assignee = assigneeRaw === 'me' || assigneeRaw === 'none' ? assigneeRaw
    : assigneeRaw && /^[1-9]\d{0,15}$/.test(assigneeRaw) ? Number(assigneeRaw) : null;
  const sort = params.get('sort');
  return {
    status: rawStatus !== null && !allStatuses && status.length === 0 ? [...ACTIVE_STATUSES] : status,
    allStatuses,
    category: list(params.get('category')).slice(0, 100),
    priority: list(params.get('priority')).filter((p): p is Priority => (PRIORITIES as readonly string[]).includes(p)),
    assignee,
    from: isDay(params.get('from')) ? params.get('from')! : '',
    to: isDay(params.get('to')) ? params.get('to')! : '',
    q: (params.get('q') ?? '').trim().slice(0, 200),
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : 'updatedAt',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** The URL parameters for a set of filters (defaults left out, so URLs stay short). */
export function queueParams(f: QueueFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.allStatuses) p.set('status', 'all');
  else if (!(f.status.length === ACTIVE_STATUSES.length && ACTIVE_STATUSES.every((s) => f.status.includes(s)))) p.set('status', f.status.join(','));
  if (f.category.length) p.set('category', f.category.join(','));
  if (f.priority.length) p.set('priority', f.priority.join(','));
  if (f.assignee !== null) p.set('assignee', String(f.assignee));
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.sort !== 'updatedAt') p.set('sort', f.sort);
  if (f.order !== 'desc') p.set('order', f.order);
  return p;
}

/** The tickets.list input without the status filter (for the per-status counts). */
export function baseInput(f: QueueFilters): TicketListInput {
  const input: TicketListInput = { sort: f.sort, order: f.order };
  if (f.category.length) input.category = f.category;
  if (f.priority.length) input.priority = f.priority;
  if (f.assignee !== null) input.assigneeId = f.assignee;
  const from = f.from ? localDayStart(f.from) : undefined;
  const to = f.to ? localDayEnd(f.to) : undefined;
  if (from) input.openedFrom = from;
  if (to) input.openedTo = to;
  if (f.q) input.q = f.q;
  return input;
}

export function listInput(f: QueueFilters): TicketListInput {
  const input = baseInput(f);
  if (!f.allStatuses) input.status = f.status;
  return input;
}

export const emptyFilters = (): QueueFilters => parseQueue(new URLSearchParams());
