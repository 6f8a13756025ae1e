// The analytics charts (recharts), each in a ChartCard with its CSV columns and legend.
import {
  Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import type { Bucket } from '../../../src-shared/period.ts';
import type {
  ActiveByCategoryOutput, BacklogOutput, DurationOutput, TicketsByPeriodOutput, WorkloadOutput,
} from '../../../src-shared/analytics-schemas.ts';
import { ChartCard } from './ChartCard.tsx';
import type { ChartColors } from './colors.ts';
import { DEFINITIONS } from './definitions.ts';
import { bucketLabel, durationUnit, formatDuration } from './model.ts';

type Notify = (message: string, severity: 'success' | 'error') => void;
interface Common { colors: ChartColors; period: string; from?: string; to?: string; snapshotDay?: string; onMessage: Notify }

/** How resolution and first-response times are split (the API's groupBy; 'none': overall only). */
export type DurationGrouping = 'category' | 'priority' | 'assignee' | 'none';
const GROUPING_TEXT: Record<DurationGrouping, string> = { category: 'by category', priority: 'by priority', assignee: 'by assignee', none: 'overall' };
/** Durations in CSV: whole seconds (the statistics are means and percentiles of timestamps). */
const seconds = (s: number | null): number | null => (s === null ? null : Math.round(s));

function axisProps(c: ChartColors) {
  return { stroke: c.grid, tick: { fill: c.textSecondary, fontSize: 12 }, tickLine: { stroke: c.grid } };
}
function tooltipProps(c: ChartColors) {
  return {
    contentStyle: { background: c.paper, border: `1px solid ${c.grid}`, borderRadius: 8, color: c.text },
    labelStyle: { color: c.text, fontWeight: 500 },
    itemStyle: { color: c.text },
    cursor: { fill: c.grid, fillOpacity: 0.3 },
  };
}
const legendProps = (c: ChartColors) => ({ wrapperStyle: { color: c.text, fontSize: 13 }, itemSorter: null });
const yLabel = (value: string, c: ChartColors) => ({ value, angle: -90, position: 'insideLeft' as const, fill: c.textSecondary, style: { textAnchor: 'middle' as const }, fontSize: 12 });
const xLabel = (value: string, c: ChartColors) => ({ value, position: 'insideBottom' as const, offset: -4, fill: c.textSecondary, fontSize: 12 });

const MARGIN = { top: 8, right: 28, bottom: 20, left: 8 };
/** Category names on an x axis: all shown, slanted so that long names do not overlap. */
const categoryTicks = { interval: 0, angle: -20, textAnchor: 'end' as const, height: 56 };

export function OpenedClosedChart({ data, ...c }: Common & { data: TicketsByPeriodOutput }) {
  const bucket: Bucket = data.bucket;
  const rows = data.buckets.map((b) => ({ label: bucketLabel(b.start, bucket), start: b.start, opened: b.opened, closed: b.closed }));
  return (
    <ChartCard id="opened-closed" title="Tickets opened vs closed" definition={DEFINITIONS.openedClosed} {...c}
      legend={[{ label: 'Opened', color: c.colors.opened }, { label: 'Closed', color: c.colors.closed }]}
      csv={{ header: ['bucket_start', 'opened', 'closed'], rows: data.buckets.map((b) => [b.start, b.opened, b.closed]) }}
      empty={rows.length === 0}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={c.colors.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axisProps(c.colors)} minTickGap={16} label={xLabel(`Start of ${bucket} (UTC)`, c.colors)} />
          <YAxis allowDecimals={false} {...axisProps(c.colors)} label={yLabel('Tickets', c.colors)} />
          <Tooltip {...tooltipProps(c.colors)} />
          <Legend verticalAlign="top" height={28} {...legendProps(c.colors)} />
          <Bar dataKey="opened" name="Opened" fill={c.colors.opened} isAnimationActive={false} />
          <Bar dataKey="closed" name="Closed" fill={c.colors.closed} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function BacklogChart({ data, ...c }: Common & { data: BacklogOutput }) {
  const rows = data.buckets.map((b) => ({ label: bucketLabel(b.start, data.bucket), active: b.active }));
  return (
    <ChartCard id="backlog" title="Backlog over time" definition={DEFINITIONS.backlog} {...c}
      legend={[{ label: 'Active tickets at the end of the bucket', color: c.colors.backlog }]}
      csv={{ header: ['bucket_start', 'bucket_end', 'active'], rows: data.buckets.map((b) => [b.start, b.end, b.active]) }}
      empty={rows.length === 0}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={c.colors.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axisProps(c.colors)} minTickGap={16} label={xLabel(`Start of ${data.bucket} (UTC)`, c.colors)} />
          <YAxis allowDecimals={false} {...axisProps(c.colors)} label={yLabel('Active tickets', c.colors)} />
          <Tooltip {...tooltipProps(c.colors)} />
          <Legend verticalAlign="top" height={28} {...legendProps(c.colors)} />
          <Line type="monotone" dataKey="active" name="Active tickets at the end of the bucket" stroke={c.colors.backlog} strokeWidth={2} dot={rows.length <= 40} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** Resolution or first-response time per category: mean, median, p90. */
export function DurationChart({ data, kind, names, groupBy = 'category', ...c }: Common & {
  data: DurationOutput; kind: 'resolution' | 'firstResponse'; groupBy?: DurationGrouping;
  /** The display name of a group's key (category slug, priority, assignee id or null). */
  names: (key: string | number | null) => string;
}) {
  const all = data.overall;
  const groups = groupBy === 'none' ? (all.count > 0 ? [{ ...all, key: '(all)' as string | number | null }] : []) : data.groups;
  const unit = durationUnit(Math.max(0, ...groups.map((g) => g.p90Seconds ?? 0)));
  const v = (s: number | null) => (s === null ? null : Number((s / unit.seconds).toFixed(2)));
  const label = (key: string | number | null) => (groupBy === 'none' ? 'All tickets' : names(key));
  const rows = groups.map((g) => ({ label: label(g.key), count: g.count, mean: v(g.meanSeconds), median: v(g.medianSeconds), p90: v(g.p90Seconds) }));
  const title = `${kind === 'resolution' ? 'Resolution time' : 'First response time'} ${GROUPING_TEXT[groupBy]}`;
  return (
    <ChartCard id={kind === 'resolution' ? 'resolution' : 'first-response'} title={title} {...c}
      definition={kind === 'resolution' ? DEFINITIONS.resolution : DEFINITIONS.firstResponse}
      legend={[{ label: 'Mean', color: c.colors.stats.mean }, { label: 'Median', color: c.colors.stats.median }, { label: '90th percentile', color: c.colors.stats.p90 }]}
      csv={{
        header: [groupBy === 'none' ? 'group' : groupBy, 'name', 'count', 'mean_seconds', 'median_seconds', 'p90_seconds'],
        rows: [
          ['(all)', 'All tickets', all.count, seconds(all.meanSeconds), seconds(all.medianSeconds), seconds(all.p90Seconds)],
          ...(groupBy === 'none' ? [] : groups.map((g) => [g.key === null ? '(none)' : String(g.key), label(g.key), g.count, seconds(g.meanSeconds), seconds(g.medianSeconds), seconds(g.p90Seconds)])),
        ],
      }}
      empty={rows.length === 0}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={c.colors.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axisProps(c.colors)} {...categoryTicks} />
          <YAxis {...axisProps(c.colors)} label={yLabel(`Time (${unit.name})`, c.colors)} />
          <Tooltip {...tooltipProps(c.colors)} formatter={(value, name) => [value === null || value === undefined ? '—' : formatDuration(Number(value) * unit.seconds), name]} />
          <Legend verticalAlign="top" height={28} {...legendProps(c.colors)} />
          <Bar dataKey="mean" name="Mean" fill={c.colors.stats.mean} isAnimationActive={false} />
          <Bar dataKey="median" name="Median" fill={c.colors.stats.median} isAnimationActive={false} />
          <Bar dataKey="p90" name="90th percentile" fill={c.colors.stats.p90} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

const STATUS_SERIES = [
  { key: 'open', label: 'Open' },
  { key: 'in_progress', label: 'In progress' },
  { key: 'waiting', label: 'Waiting' },
] as const;

export function ActiveByCategoryChart({ data, ...c }: Common & { data: ActiveByCategoryOutput['categories'] }) {
  const rows = data.map((d) => ({ label: d.name, ...d.byStatus }));
  return (
    <ChartCard id="active" title="Active tickets by category" definition={DEFINITIONS.active} {...c}
      legend={STATUS_SERIES.map((s) => ({ label: s.label, color: c.colors.status[s.key] }))}
      csv={{ header: ['category', 'name', 'open', 'in_progress', 'waiting', 'total'], rows: data.map((d) => [d.category, d.name, d.byStatus.open, d.byStatus.in_progress, d.byStatus.waiting, d.count]) }}
      empty={rows.length === 0}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={c.colors.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axisProps(c.colors)} {...categoryTicks} />
          <YAxis allowDecimals={false} {...axisProps(c.colors)} label={yLabel('Active tickets', c.colors)} />
          <Tooltip {...tooltipProps(c.colors)} />
          <Legend verticalAlign="top" height={28} {...legendProps(c.colors)} />
          {STATUS_SERIES.map((s) => <Bar key={s.key} dataKey={s.key} name={s.label} stackId="status" fill={c.colors.status[s.key]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function WorkloadChart({ data, ...c }: Common & { data: WorkloadOutput }) {
  const rows = data.assignees.map((a) => ({ label: a.assignee ? a.assignee.displayName + (a.assignee.active ? '' : ' (inactive)') : 'Unassigned', ...a.byStatus }));
  const height = Math.max(260, 60 + rows.length * 30);
  return (
    <ChartCard id="workload" title="Workload by assignee" definition={DEFINITIONS.workload} {...c} height={height}
      legend={STATUS_SERIES.map((s) => ({ label: s.label, color: c.colors.status[s.key] }))}
      csv={{
        header: ['assignee_id', 'assignee', 'open', 'in_progress', 'waiting', 'low', 'normal', 'high', 'urgent', 'total'],
        rows: data.assignees.map((a) => [a.assignee?.id ?? null, a.assignee?.displayName ?? 'Unassigned', a.byStatus.open, a.byStatus.in_progress, a.byStatus.waiting,
          a.byPriority.low, a.byPriority.normal, a.byPriority.high, a.byPriority.urgent, a.count]),
      }}
      empty={rows.length === 0}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ ...MARGIN, left: 16 }}>
          <CartesianGrid stroke={c.colors.grid} strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} {...axisProps(c.colors)} label={xLabel('Active tickets', c.colors)} />
          <YAxis type="category" dataKey="label" width={140} {...axisProps(c.colors)} interval={0} />
          <Tooltip {...tooltipProps(c.colors)} />
          <Legend verticalAlign="top" height={28} {...legendProps(c.colors)} />
          {STATUS_SERIES.map((s) => <Bar key={s.key} dataKey={s.key} name={s.label} stackId="status" fill={c.colors.status[s.key]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
