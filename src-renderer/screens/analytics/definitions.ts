// What every figure on the analytics screen means — shown under each chart and in the
// "About these figures" panel (the same text as docs/analytics.md).

export const DEFINITIONS = {
  period: 'Periods are half-open: from the start instant (included) up to the end instant (excluded). Buckets are calendar hours, days, ISO weeks (Monday 00:00) and months in UTC; the first bucket starts at the period\'s start rounded down to its bucket, so its first part may lie before the period and is not counted.',
  openedClosed: 'Opened: tickets whose opening time lies in the bucket and in the period. Closed: tickets whose closing time (the moment they were resolved or closed) lies in the bucket and in the period. A reopened ticket has no closing time until it is resolved again.',
  backlog: 'Active tickets (open, in progress, waiting) at the end of each bucket (for the last bucket: at the end of the period). A ticket counts as active from its opening until its closing time; a ticket that was resolved and later reopened counts as active in between, because only its current closing time is stored.',
  resolution: 'Resolution time = closing time − opening time, for tickets now resolved or closed whose closing time lies in the period. Mean, median and 90th percentile (90 % of tickets were resolved at least this fast); percentiles interpolate linearly between the closest ranks.',
  firstResponse: 'First response time = time of the first public reply written by an agent or admin − opening time, for tickets whose first such reply lies in the period. Internal notes and replies by reporters do not count; tickets without a staff reply yet are not included.',
  active: 'Active tickets now (open, in progress, waiting) per category, split by status. Every active category is listed, also with zero tickets; a deactivated category is listed while it still has active tickets.',
  workload: 'Active tickets now per assignee, split by status; every active agent and admin is listed (also with none), plus "Unassigned". Not limited by the period or category filter.',
  keyFigures: 'Active now: active tickets at this moment. Opened: tickets opened in the period. Median resolution and median first response: over the tickets resolved, or first answered, in the period.',
} as const;
