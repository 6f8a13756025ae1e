// analytics.* procedures (issue 4). Handlers validate and resolve the period against the
// app's clock here, then hand concrete millisecond ranges to the analytics runner (a worker
// thread with its own read-only connection), so a heavy report never blocks ticket work;
// the two read from the summary tables alone run on the caller's connection.
// Definitions: docs/analytics.md (and the summaries below, which go into openapi.json).
import { defineProcedure, staff } from '../registry.ts';
import { Empty } from '../../../src-shared/schemas.ts';
import type { CallContext, Core } from '../../core/context.ts';
import { fieldError } from '../../core/errors.ts';
import { requireActiveCategory } from '../../core/categories.ts';
import {
  PeriodInput, DurationInput, TicketsByPeriodOutput, BacklogOutput, DurationOutput, ActiveByCategoryOutput, WorkloadOutput,
} from '../../../src-shared/analytics-schemas.ts';
import { countBuckets, defaultBucket, lastLength, MAX_BUCKETS, MAX_TIME, MIN_TIME } from '../../../src-shared/period.ts';
import type { AnalyticName, DurationParams, PeriodParams } from '../../analytics/engine.ts';
import { analyticsRunner, summaryAnalytics } from '../../analytics/runner.ts';

function run<T>(ctx: CallContext, name: AnalyticName, params: PeriodParams | DurationParams | Record<string, never>): Promise<T> {
  return analyticsRunner(ctx.core).run(name, params) as Promise<T>;
}

/** `last` or `from`/`to` against the clock, the default bucket, and the category filter. */
export function resolvePeriod(core: Core, input: PeriodInput): PeriodParams {
  const now = core.clock.now();
  let from: number;
  let to: number;
  if (input.last !== undefined) {
    to = now;
    from = now - lastLength(input.last)!;
    if (from < MIN_TIME) throw fieldError('last', 'last reaches back further than dates go.');
  } else {
    from = Date.parse(input.from!);
    to = input.to !== undefined ? Date.parse(input.to) : now;
    if (from > to) throw fieldError('from', 'from must not be after to (which defaults to now).');
  }
  if (from < MIN_TIME || to > MAX_TIME) throw fieldError('from', 'The range is outside the dates CampusDesk can represent.');
  const bucket = input.bucket ?? defaultBucket(from, to);
  const n = countBuckets(from, to, bucket);
  if (n > MAX_BUCKETS) {
    throw fieldError('bucket', `The range has ${n.toLocaleString('en')} ${bucket} buckets; at most ${MAX_BUCKETS.toLocaleString('en')} are answered: choose a coarser bucket or a shorter range.`);
  }
  const categoryId = input.category !== undefined ? requireActiveCategory(core, input.category, 'category').id : null;
  return { from, to, bucket, categoryId };
}

function resolveDurations(input: DurationInput): DurationParams {
  return {
    from: input.from !== undefined ? Date.parse(input.from) : null,
    to: input.to !== undefined ? Date.parse(input.to) : null,
    groupBy: input.groupBy ?? 'none',
  };
}

const RANGE = 'Range: `last` ("24h", "7d", "12w": ending now) or `from` and optional `to` (default now), half-open [from, to).';

export const analyticsProcedures = [
  defineProcedure({
    name: 'analytics.ticketsByPeriod',
    summary: `Tickets opened and closed per calendar bucket (UTC hours, days, ISO weeks from Monday 00:00, months). ${RANGE} ` +
      'total = tickets with openedAt in the range; each bucket counts openedAt (opened) and closedAt (closed) lying in both the bucket and the range; ' +
      'byCategory splits total, largest first. Default bucket: hour for ranges ≤ 48 h, day ≤ 90 d, else week.',
    access: staff,
    input: PeriodInput,
    output: TicketsByPeriodOutput,
    handler: (ctx, input) => run(ctx, 'ticketsByPeriod', resolvePeriod(ctx.core, input)),
  }),
  defineProcedure({
    name: 'analytics.resolutionTime',
    summary: 'Resolution time (closedAt − openedAt, seconds) of tickets whose status is resolved or closed and whose closedAt lies in [from, to) ' +
      '(default all time): count, mean, median and p90 (linear interpolation between closest ranks), overall and per category, priority or assignee (null = unassigned), largest count first.',
    access: staff,
    input: DurationInput,
    output: DurationOutput,
    handler: (ctx, input) => run(ctx, 'resolutionTime', resolveDurations(input)),
  }),
  defineProcedure({
    name: 'analytics.activeByCategory',
    summary: 'Active tickets (open, in_progress, waiting) per category, now: every active category (zero included) and deactivated categories that still have active tickets, largest first.',
    access: staff,
    input: Empty,
    output: ActiveByCategoryOutput,
    handler: (ctx) => summaryAnalytics(ctx.core.sqlite).activeByCategory(),
  }),
  defineProcedure({
    name: 'analytics.firstResponse',
    summary: 'First response time: the first public reply written by an agent or admin minus openedAt (seconds), for tickets whose first such reply lies in [from, to) ' +
      '(default all time); internal notes and replies by reporters do not count. count, mean, median, p90, overall and per category, priority or assignee, largest count first.',
    access: staff,
    input: DurationInput,
    output: DurationOutput,
    handler: (ctx, input) => run(ctx, 'firstResponse', resolveDurations(input)),
  }),
  defineProcedure({
    name: 'analytics.backlog',
    summary: `Backlog over time: for each bucket, the tickets active at its end (the last bucket: at \`to\`). ${RANGE} ` +
      'A ticket counts as active at instant t when openedAt < t and it has no closedAt or closedAt ≥ t; a ticket resolved and later reopened counts as active in between (its earlier closedAt is not kept). ' +
      'Same buckets and category filter as analytics.ticketsByPeriod.',
    access: staff,
    input: PeriodInput,
    output: BacklogOutput,
    handler: (ctx, input) => run(ctx, 'backlog', resolvePeriod(ctx.core, input)),
  }),
  defineProcedure({
    name: 'analytics.workload',
    summary: 'Workload now: active tickets per assignee with their split by status and priority; every active agent and admin is listed (zero included), ' +
      'plus anyone else who still holds active tickets, plus the unassigned tickets (assignee null). Largest first.',
    access: staff,
    input: Empty,
    output: WorkloadOutput,
    handler: (ctx) => summaryAnalytics(ctx.core.sqlite).workload(),
  }),
];
