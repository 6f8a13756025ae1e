// Inputs and outputs of the analytics procedures (zod): wire schemas, imported by the
// procedures (src-main/api/procedures/analytics.ts) and by the analytics screens.
import { z } from 'zod';
import { IsoInput, IsoOutput } from './schemas.ts';
import { BUCKETS, LAST_PATTERN } from './period.ts';

export const GROUP_BYS = ['none', 'category', 'priority', 'assignee'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

const Last = z.string().regex(LAST_PATTERN, { message: 'Must be a whole number from 1 followed by h, d or w, e.g. "24h", "7d" or "12w"' });
const CategoryRef = z.string().trim().min(1, { message: 'Category must not be empty' }).max(40, { message: 'Category must be at most 40 characters' });
const BucketSchema = z.enum(BUCKETS);
const GroupBySchema = z.enum(GROUP_BYS);

/** `from` after `to` (both given): one entry per field. */
function checkOrder(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.from !== undefined && v.to !== undefined && Date.parse(v.from) > Date.parse(v.to)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
  }
}

/** A period ending now (`last`) or from `from` to `to` (default now), with buckets. */
export const PeriodInput = z.strictObject({
  last: Last.optional().describe('The range ending now: "<n>h", "<n>d" or "<n>w" (n ≥ 1). Excludes from/to.'),
  from: IsoInput.optional().describe('Start of the range (inclusive). Required unless last is given.'),
  to: IsoInput.optional().describe('End of the range (exclusive); default now.'),
  bucket: BucketSchema.optional().describe('Bucket size; default hour for ranges ≤ 48 h, day ≤ 90 d, else week. Buckets are UTC calendar hours, days, ISO weeks (Monday 00:00) and months.'),
  category: CategoryRef.optional().describe('Only tickets of this category (slug of an existing, active category).'),
}).superRefine((v, ctx) => {
  if (v.last !== undefined && (v.from !== undefined || v.to !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['last'], message: 'Give either last or from/to, not both' });
  } else if (v.last === undefined && v.from === undefined) {
    ctx.addIssue({ code: 'custom', path: [v.to === undefined ? 'last' : 'from'], message: v.to === undefined ? 'Give last (e.g. "7d") or from (and optionally to)' : 'from is required with to' });
  }
  checkOrder(v, ctx);
});
export type PeriodInput = z.output<typeof PeriodInput>;

/** A range that defaults to all time, for duration statistics. */
export const DurationInput = z.strictObject({
  from: IsoInput.optional().describe('Start of the range (inclusive); default: no lower bound.'),
  to: IsoInput.optional().describe('End of the range (exclusive); default: no upper bound.'),
  groupBy: GroupBySchema.optional().describe('Split by category (slug), priority or assignee (id, null for unassigned); default none.'),
}).superRefine(checkOrder);
export type DurationInput = z.output<typeof DurationInput>;

const Count = z.number().int().nonnegative();

export const StatsSchema = z.object({
  count: Count,
  meanSeconds: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
export type Stats = z.infer<typeof StatsSchema>;

export const DurationOutput = z.object({
  overall: StatsSchema,
  groups: z.array(StatsSchema.extend({ key: z.union([z.string(), z.number().int(), z.null()]) })),
});
export type DurationOutput = z.infer<typeof DurationOutput>;

export const TicketsByPeriodOutput = z.object({
  from: IsoOutput,
  to: IsoOutput,
  bucket: BucketSchema,
  total: Count,
  buckets: z.array(z.object({ start: IsoOutput, opened: Count, closed: Count })),
  byCategory: z.array(z.object({ category: z.string(), count: Count })),
});
export type TicketsByPeriodOutput = z.infer<typeof TicketsByPeriodOutput>;

export const BacklogOutput = z.object({
  from: IsoOutput,
  to: IsoOutput,
  bucket: BucketSchema,
  buckets: z.array(z.object({ start: IsoOutput, end: IsoOutput, active: Count })),
});
export type BacklogOutput = z.infer<typeof BacklogOutput>;

const ByStatus = z.object({ open: Count, in_progress: Count, waiting: Count });

export const ActiveByCategoryOutput = z.object({
  total: Count,
  categories: z.array(z.object({ category: z.string(), name: z.string(), count: Count, byStatus: ByStatus })),
});
export type ActiveByCategoryOutput = z.infer<typeof ActiveByCategoryOutput>;

export const WorkloadOutput = z.object({
  total: Count,
  assignees: z.array(z.object({
    assignee: z.object({ id: z.number().int().positive(), displayName: z.string(), active: z.boolean() }).nullable(),
    count: Count,
    byStatus: ByStatus,
    byPriority: z.object({ low: Count, normal: Count, high: Count, urgent: Count }),
  })),
});
export type WorkloadOutput = z.infer<typeof WorkloadOutput>;
