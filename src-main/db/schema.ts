// The database schema. Timestamps are integers (UTC milliseconds since the epoch).
// Migrations in ../../drizzle are generated from this file by `npm run db:generate`;
// the FTS5 index, its sync triggers and the ticket_counts triggers live in a custom
// migration (drizzle-kit cannot express virtual tables or triggers).
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

import { ROLES, STATUSES, CHANNELS } from '../core/domain.ts';
export type { Role, Status, Priority, Channel } from '../core/domain.ts';

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  role: text('role', { enum: ROLES }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  uniqueIndex('users_username_uq').on(t.username),
  index('users_role_idx').on(t.role),
]);

export const sessions = sqliteTable('sessions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull(),
  userId: integer('user_id').notNull().references(() => users.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
}, (t) => [
  uniqueIndex('sessions_token_hash_uq').on(t.tokenHash),
  index('sessions_user_idx').on(t.userId),
]);

/** Failed sign-ins, for throttling: one row per failure. */
export const loginFailures = sqliteTable('login_failures', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull(),
  client: text('client').notNull(),
  at: integer('at').notNull(),
}, (t) => [index('login_failures_lookup_idx').on(t.username, t.client, t.at)]);

export const categories = sqliteTable('categories', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
}, (t) => [uniqueIndex('categories_slug_uq').on(t.slug)]);

export const kiosks = sqliteTable('kiosks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  location: text('location'),
  tokenHash: text('token_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  revokedAt: integer('revoked_at'),
}, (t) => [uniqueIndex('kiosks_token_hash_uq').on(t.tokenHash)]);

export const tickets = sqliteTable('tickets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  subject: text('subject').notNull(),
  description: text('description').notNull(),
  status: text('status', { enum: STATUSES }).notNull(),
  /** 0 low, 1 normal, 2 high, 3 urgent: see PRIORITIES. */
  priority: integer('priority').notNull().default(1),
  categoryId: integer('category_id').notNull().references(() => categories.id),
  location: text('location'),
  reporterId: integer('reporter_id').references(() => users.id),
  contactName: text('contact_name'),
  contactEmail: text('contact_email'),
  contactPhone: text('contact_phone'),
  assigneeId: integer('assignee_id').references(() => users.id),
  channel: text('channel', { enum: CHANNELS }).notNull(),
  kioskId: integer('kiosk_id').references(() => kiosks.id),
  /** Kiosk reference code (walk-up lookups); null for other channels. */
  reference: text('reference'),
  openedAt: integer('opened_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  closedAt: integer('closed_at'),
  version: integer('version').notNull().default(1),
}, (t) => [
  // Keyset pagination: every sort key is (column, id); SQLite appends the rowid to each index.
  index('tickets_updated_idx').on(t.updatedAt),
  // Covers the other sort keys, so an opened-date range can be read and sorted without table lookups.
  index('tickets_opened_idx').on(t.openedAt, t.updatedAt, t.priority),
  index('tickets_closed_idx').on(t.closedAt),
  // Priority sorts and filters: (priority, updated_at, id) — most recently changed first within a priority.
  index('tickets_priority_updated_idx').on(t.priority, t.updatedAt),
  index('tickets_status_updated_idx').on(t.status, t.updatedAt),
  index('tickets_category_updated_idx').on(t.categoryId, t.updatedAt),
  index('tickets_assignee_updated_idx').on(t.assigneeId, t.updatedAt),
  index('tickets_reporter_updated_idx').on(t.reporterId, t.updatedAt),
  // Partial: only kiosk tickets (keeps the planner from skip-scanning a column that is mostly NULL).
  index('tickets_kiosk_opened_idx').on(t.kioskId, t.openedAt).where(sql`kiosk_id IS NOT NULL`),
]);

export const messages = sqliteTable('messages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  authorId: integer('author_id').references(() => users.id),
  body: text('body').notNull(),
  internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('messages_ticket_idx').on(t.ticketId, t.createdAt)]);

export const ticketEvents = sqliteTable('ticket_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  actorId: integer('actor_id').references(() => users.id),
  type: text('type').notNull(),
  /** JSON text. */
  fromValue: text('from_value'),
  /** JSON text. */
  toValue: text('to_value'),
  at: integer('at').notNull(),
}, (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.id)]);

/**
 * Exact ticket counts per (status, category, priority, assignee), maintained by triggers
 * on `tickets` (see the custom migration). Lets `tickets.list` answer `total` for the
 * common filters without counting a million rows, and serves analytics.
 * assignee_id 0 stands for "unassigned" so that the key is never NULL.
 */
export const ticketCounts = sqliteTable('ticket_counts', {
  status: text('status').notNull(),
  categoryId: integer('category_id').notNull(),
  priority: integer('priority').notNull(),
  assigneeId: integer('assignee_id').notNull(),
  n: integer('n').notNull(),
}, (t) => [primaryKey({ columns: [t.status, t.categoryId, t.priority, t.assigneeId] })]);

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

