// `campusdesk report …`: the analytics procedures as tables with a bar chart drawn in the
// terminal (period, resolution, active, first-response, backlog, workload). The menu's
// options 4–6 print the same views.
import type { Connection, In, Out } from './connection.ts';
import { bar, duration, shortTime, type Column, type Output } from './output.ts';
import { str, type ApiCommand, type Values } from './command.ts';

type Period = Out<'analytics.ticketsByPeriod'>;
type Durations = Out<'analytics.resolutionTime'>;
type Active = Out<'analytics.activeByCategory'>;
type Backlog = Out<'analytics.backlog'>;
type Workload = Out<'analytics.workload'>;

const periodFlags = { last: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, bucket: { type: 'string' }, category: { type: 'string' } } as const;
const durationFlags = { from: { type: 'string' }, to: { type: 'string' }, 'group-by': { type: 'string' } } as const;

function periodInput(v: Values, fallbackLast?: string): In<'analytics.ticketsByPeriod'> {
  const input: Record<string, string> = {};
  for (const k of ['last', 'from', 'to', 'bucket', 'category'] as const) if (str(v[k]) !== undefined) input[k] = str(v[k])!;
  if (fallbackLast && input.last === undefined && input.from === undefined && input.to === undefined) input.last = fallbackLast;
  return input;
}

function durationInput(v: Values): In<'analytics.resolutionTime'> {
  const input: Record<string, string> = {};
  if (str(v.from) !== undefined) input.from = str(v.from)!;
  if (str(v.to) !== undefined) input.to = str(v.to)!;
  if (str(v['group-by']) !== undefined) input.groupBy = str(v['group-by'])!;
  return input;
}

export function printPeriod(out: Output, r: Period): void {
  if (out.format !== 'table') {
    out.rows([{ header: 'start', get: (b: Period['buckets'][number]) => b.start }, { header: 'opened', get: (b) => b.opened }, { header: 'closed', get: (b) => b.closed }], r.buckets, r);
    return;
  }
  out.line(out.paint('bold', `Tickets opened from ${shortTime(r.from)} to ${shortTime(r.to)} (UTC, per ${r.bucket}): ${r.total}`));
  const max = Math.max(0, ...r.buckets.map((b) => b.opened));
  const label = (iso: string) => (r.bucket === 'hour' ? shortTime(iso) : iso.slice(0, r.bucket === 'month' ? 7 : 10));
  out.rows<Period['buckets'][number]>([
    { header: r.bucket.toUpperCase(), get: (b) => label(b.start) },
    { header: 'OPENED', get: (b) => b.opened, right: true },
    { header: 'CLOSED', get: (b) => b.closed, right: true },
    { header: '', get: (b) => bar(b.opened, max), style: () => 'cyan' },
  ], r.buckets);
  if (r.byCategory.length) {
    out.line();
    const cmax = Math.max(...r.byCategory.map((c) => c.count));
    out.rows<Period['byCategory'][number]>([
      { header: 'CATEGORY', get: (c) => c.category },
      { header: 'OPENED', get: (c) => c.count, right: true },
      { header: '', get: (c) => bar(c.count, cmax), style: () => 'cyan' },
    ], r.byCategory);
  }
}

export function printDurations(out: Output, title: string, r: Durations): void {
  type Row = Durations['groups'][number];
  const rows: Row[] = [{ key: 'all', ...r.overall }, ...r.groups];
  if (out.format !== 'table') {
    out.rows<Row>([
      { header: 'key', get: (g) => (g.key === null ? 'unassigned' : g.key) }, { header: 'count', get: (g) => g.count },
      { header: 'meanSeconds', get: (g) => g.meanSeconds }, { header: 'medianSeconds', get: (g) => g.medianSeconds }, { header: 'p90Seconds', get: (g) => g.p90Seconds },
    ], rows, r);
    return;
  }
  out.line(out.paint('bold', title));
  const max = Math.max(0, ...rows.map((g) => g.meanSeconds ?? 0));
  out.rows<Row>([
    { header: 'GROUP', get: (g) => (g.key === null ? 'unassigned' : String(g.key)) },
    { header: 'TICKETS', get: (g) => g.count, right: true },
    { header: 'MEAN', get: (g) => duration(g.meanSeconds), right: true },
    { header: 'MEDIAN', get: (g) => duration(g.medianSeconds), right: true },
    { header: 'P90', get: (g) => duration(g.p90Seconds), right: true },
    { header: '', get: (g) => bar(g.meanSeconds ?? 0, max), style: () => 'cyan' },
  ], rows);
}

export function printActive(out: Output, r: Active): void {
  type Row = Active['categories'][number];
  if (out.format !== 'table') {
    out.rows<Row>([
      { header: 'category', get: (c) => c.category }, { header: 'name', get: (c) => c.name }, { header: 'active', get: (c) => c.count },
      { header: 'open', get: (c) => c.byStatus.open }, { header: 'in_progress', get: (c) => c.byStatus.in_progress }, { header: 'waiting', get: (c) => c.byStatus.waiting },
    ], r.categories, r);
    return;
  }
  out.line(out.paint('bold', `Active tickets per category: ${r.total}`));
  const max = Math.max(0, ...r.categories.map((c) => c.count));
  out.rows<Row>([
    { header: 'CATEGORY', get: (c) => c.name },
    { header: 'ACTIVE', get: (c) => c.count, right: true },
    { header: 'OPEN', get: (c) => c.byStatus.open, right: true },
    { header: 'IN PROGRESS', get: (c) => c.byStatus.in_progress, right: true },
    { header: 'WAITING', get: (c) => c.byStatus.waiting, right: true },
    { header: '', get: (c) => bar(c.count, max), style: () => 'cyan' },
  ], r.categories);
}

function printBacklog(out: Output, r: Backlog): void {
  type Row = Backlog['buckets'][number];
  if (out.format !== 'table') {
    out.rows<Row>([{ header: 'start', get: (b) => b.start }, { header: 'end', get: (b) => b.end }, { header: 'active', get: (b) => b.active }], r.buckets, r);
    return;
  }
  out.line(out.paint('bold', `Active tickets at the end of each ${r.bucket}, ${shortTime(r.from)} to ${shortTime(r.to)} (UTC)`));
  const max = Math.max(0, ...r.buckets.map((b) => b.active));
  out.rows<Row>([
    { header: 'END', get: (b) => shortTime(b.end) },
    { header: 'ACTIVE', get: (b) => b.active, right: true },
    { header: '', get: (b) => bar(b.active, max), style: () => 'cyan' },
  ], r.buckets);
}

function printWorkload(out: Output, r: Workload): void {
  type Row = Workload['assignees'][number];
  const name = (a: Row) => a.assignee?.displayName ?? 'unassigned';
  const cols: Column<Row>[] = [
    { header: 'ASSIGNEE', get: name },
    { header: 'ACTIVE', get: (a) => a.count, right: true },
    { header: 'OPEN', get: (a) => a.byStatus.open, right: true },
    { header: 'IN PROGRESS', get: (a) => a.byStatus.in_progress, right: true },
    { header: 'WAITING', get: (a) => a.byStatus.waiting, right: true },
    { header: 'URGENT', get: (a) => a.byPriority.urgent, right: true },
    { header: 'HIGH', get: (a) => a.byPriority.high, right: true },
  ];
  if (out.format !== 'table') {
    out.rows<Row>([{ header: 'assigneeId', get: (a) => a.assignee?.id ?? null }, ...cols.map((c) => ({ ...c, header: c.header.toLowerCase().replace(' ', '_') }))], r.assignees, r);
    return;
  }
  out.line(out.paint('bold', `Active tickets per assignee: ${r.total}`));
  const max = Math.max(0, ...r.assignees.map((a) => a.count));
  out.rows<Row>([...cols, { header: '', get: (a) => bar(a.count, max), style: () => 'cyan' }], r.assignees);
}

export async function activeReport(conn: Connection, out: Output): Promise<void> {
  printActive(out, await conn.call('analytics.activeByCategory', {}));
}

export const reportCommands: ApiCommand[] = [
  {
    name: 'report period', args: '(--last 36h | --from ISO [--to ISO]) [--bucket hour|day|week|month] [--category SLUG]', positionals: [0, 0], needs: 'user',
    summary: 'Tickets opened and closed per hour, day, week or month.', options: periodFlags,
    async run({ conn, out }, v) { printPeriod(out, await conn.call('analytics.ticketsByPeriod', periodInput(v))); },
  },
  {
    name: 'report resolution', args: '[--from ISO] [--to ISO] [--group-by none|category|priority|assignee]', positionals: [0, 0], needs: 'user',
    summary: 'Average (mean, median, p90) resolution time of resolved and closed tickets.', options: durationFlags,
    async run({ conn, out }, v) { printDurations(out, 'Resolution time (closedAt − openedAt)', await conn.call('analytics.resolutionTime', durationInput(v))); },
  },
  {
    name: 'report active', args: '', positionals: [0, 0], needs: 'user',
    summary: 'Active tickets (open, in progress, waiting) per category.',
    async run({ conn, out }) { await activeReport(conn, out); },
  },
  {
    name: 'report first-response', args: '[--from ISO] [--to ISO] [--group-by none|category|priority|assignee]', positionals: [0, 0], needs: 'user',
    summary: 'Time to the first public staff reply.', options: durationFlags,
    async run({ conn, out }, v) { printDurations(out, 'First response time', await conn.call('analytics.firstResponse', durationInput(v))); },
  },
  {
    name: 'report backlog', args: '[--last 30d | --from ISO [--to ISO]] [--bucket …] [--category SLUG]', positionals: [0, 0], needs: 'user',
    summary: 'Active tickets over time (default: the last 30 days).', options: periodFlags,
    async run({ conn, out }, v) { printBacklog(out, await conn.call('analytics.backlog', periodInput(v, '30d'))); },
  },
  {
    name: 'report workload', args: '', positionals: [0, 0], needs: 'user',
    summary: 'Active tickets per assignee, by status and priority.',
    async run({ conn, out }) { printWorkload(out, await conn.call('analytics.workload', {})); },
  },
];
