// The database schema. Timestamps are integers (UTC milliseconds since the epoch).
// Migrations in ../../drizzle are generated from this file by `npm run db:generate`;
// the FTS5 index, its sync triggers and the ticket_counts triggers live in a custom
// migration (drizzle-kit cannot express virtual tables or triggers).
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

import { ROLES, STATUSES, CHANNELS } from '../../src-shared/domain.ts';
export type { Role, Status, Priority, Channel } from '../../src-shared/domain.ts';

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  role: text('role', { enum: ROLES }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  /** Notification choices (JSON, shape in core; null: the defaults). */
  notify: text('notify'),
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


// ---- Additions in 1.1: your own account, notifications, mail, attachments ----

/**
 * Per-user notification choices (JSON text, shape in core; null = the defaults) live on
 * `users.notify`; in-app notifications, one row per recipient.
 */
export const notifications = sqliteTable('notifications', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id),
  type: text('type').notNull(),
  ticketId: integer('ticket_id').references(() => tickets.id),
  text: text('text').notNull(),
  at: integer('at').notNull(),
  readAt: integer('read_at'),
}, (t) => [
  index('notifications_user_idx').on(t.userId, t.id),
  index('notifications_user_unread_idx').on(t.userId, t.id).where(sql`read_at IS NULL`),
]);

/**
 * Outgoing mail, written in the same transaction as the change that causes it and sent by
 * background work. `payload` (JSON) is what the template needs; rows for one recipient and
 * ticket that are due together are sent as one digest.
 */
export const outbox = sqliteTable('outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The event kind (`ticket.created`, `ticket.reply`, …, or `test`). */
  kind: text('kind').notNull(),
  toAddress: text('to_address').notNull(),
  /** The recipient when a user (null for kiosk contacts and test mail). */
  userId: integer('user_id').references(() => users.id),
  ticketId: integer('ticket_id').references(() => tickets.id),
  payload: text('payload').notNull(),
  createdAt: integer('created_at').notNull(),
  /** Not sent before this time (digest window, retry backoff). */
  dueAt: integer('due_at').notNull(),
  /** pending | sending | sent | failed */
  state: text('state').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  sentAt: integer('sent_at'),
  /** Message-ID of the email this row went out in (several rows share one in a digest). */
  messageId: text('message_id'),
}, (t) => [
  index('outbox_due_idx').on(t.state, t.dueAt),
  index('outbox_ticket_idx').on(t.ticketId),
]);

/** Mail received (IMAP/SMTP): kept whole, and what became of it. */
export const inboundMail = sqliteTable('inbound_mail', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Message-ID header (dedupe across polls). */
  messageId: text('message_id'),
  fromAddress: text('from_address'),
  subject: text('subject'),
  receivedAt: integer('received_at').notNull(),
  /** The raw RFC 822 message. */
  raw: text('raw').notNull(),
  /** message | ticket | ignored | rejected */
  outcome: text('outcome').notNull(),
  reason: text('reason'),
  ticketId: integer('ticket_id').references(() => tickets.id),
  messageRowId: integer('message_row_id').references(() => messages.id),
}, (t) => [uniqueIndex('inbound_mail_message_id_uq').on(t.messageId)]);

/** Admin settings (mail in and out, …) as JSON values by key; secrets never leave the core. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Uploaded files. The bytes live beside the database in a content-addressed folder
 * (by SHA-256); an upload belongs to its uploader for 24 hours until attached to a ticket
 * (and, for a reply, a message), once.
 */
export const files = sqliteTable('files', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sha256: text('sha256').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  size: integer('size').notNull(),
  uploaderId: integer('uploader_id').references(() => users.id),
  kioskId: integer('kiosk_id').references(() => kiosks.id),
  createdAt: integer('created_at').notNull(),
  ticketId: integer('ticket_id').references(() => tickets.id),
  messageId: integer('message_id').references(() => messages.id),
  attachedAt: integer('attached_at'),
}, (t) => [
  index('files_sha_idx').on(t.sha256),
  index('files_ticket_idx').on(t.ticketId),
  index('files_message_idx').on(t.messageId),
  index('files_unattached_idx').on(t.createdAt).where(sql`attached_at IS NULL`),
]);
