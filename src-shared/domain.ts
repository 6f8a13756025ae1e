// The domain's vocabularies, shared by the database schema, the API schemas and the
// renderer (no imports: safe in every bundle).
export const ROLES = ['reporter', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['agent', 'admin'];

export const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const ACTIVE_STATUSES: readonly Status[] = ['open', 'in_progress', 'waiting'];
export const isActive = (s: Status): boolean => ACTIVE_STATUSES.includes(s);

/** Stored as the index in this list (0 low … 3 urgent) so that sorting by priority is an index scan. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const priorityRank = (p: Priority): number => PRIORITIES.indexOf(p);
export const priorityName = (rank: number): Priority => PRIORITIES[rank] ?? 'normal';

export const CHANNELS = ['app', 'kiosk', 'import'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEFAULT_CATEGORIES = [
  { slug: 'facility_management', name: 'Facility management' },
  { slug: 'technical_it', name: 'Technical IT' },
  { slug: 'services_complaints', name: 'Services complaints' },
] as const;

/** Ticket event types recorded in the history. `note` events are hidden from reporters. */
export const EVENT_TYPES = ['created', 'imported', 'status', 'subject', 'description', 'category', 'priority', 'location', 'assignee', 'reply', 'note'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
