-- Custom migration (drizzle-kit generate --custom): what the analytics worker needs, kept
-- exact by triggers in the same transaction as every write.
-- 1. analytics_first_response: per ticket, the time of its first public reply written by
--    helpdesk staff (an agent or admin at the time of writing).
CREATE TABLE `analytics_first_response` (
  `ticket_id` integer PRIMARY KEY NOT NULL,
  `at` integer NOT NULL
);
--> statement-breakpoint
-- 2. analytics_journal: which tickets changed in a way analytics care about (status,
--    category, priority, assignee, opened/closed times, first response, deletion). The
--    worker keeps a columnar copy of those fields in memory and, at the start of every
--    analytic, reads the journal past the sequence number it saw last (in the same read
--    transaction), so its copy always equals the database snapshot it reads. New tickets
--    are found by id (ids are AUTOINCREMENT); only out-of-order inserts are journaled.
--    One row per ticket at most (a later change moves the row to a new seq).
CREATE TABLE `analytics_journal` (
  `seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `ticket_id` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `analytics_journal_ticket_uq` ON `analytics_journal` (`ticket_id`);
--> statement-breakpoint
CREATE TRIGGER `tickets_analytics_ai` AFTER INSERT ON `tickets`
WHEN new.id < (SELECT max(id) FROM tickets)
BEGIN
  DELETE FROM analytics_journal WHERE ticket_id = new.id;
  INSERT INTO analytics_journal(ticket_id) VALUES (new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_analytics_au` AFTER UPDATE OF id, status, category_id, priority, assignee_id, opened_at, closed_at ON `tickets`
WHEN old.id IS NOT new.id OR old.status IS NOT new.status OR old.category_id IS NOT new.category_id
  OR old.priority IS NOT new.priority OR old.assignee_id IS NOT new.assignee_id
  OR old.opened_at IS NOT new.opened_at OR old.closed_at IS NOT new.closed_at
BEGIN
  DELETE FROM analytics_journal WHERE ticket_id IN (old.id, new.id);
  INSERT INTO analytics_journal(ticket_id) VALUES (old.id);
  INSERT INTO analytics_journal(ticket_id) SELECT new.id WHERE new.id IS NOT old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_analytics_ad` AFTER DELETE ON `tickets`
BEGIN
  DELETE FROM analytics_first_response WHERE ticket_id = old.id;
  DELETE FROM analytics_journal WHERE ticket_id = old.id;
  INSERT INTO analytics_journal(ticket_id) VALUES (old.id);
END;
--> statement-breakpoint
-- A new public staff reply earlier than the known first response (usually: the first one).
CREATE TRIGGER `messages_analytics_ai` AFTER INSERT ON `messages`
WHEN new.internal = 0
  AND (SELECT role FROM users WHERE id = new.author_id) IN ('agent', 'admin')
  AND NOT EXISTS (SELECT 1 FROM analytics_first_response WHERE ticket_id = new.ticket_id AND at <= new.created_at)
BEGIN
  DELETE FROM analytics_first_response WHERE ticket_id = new.ticket_id;
  INSERT INTO analytics_first_response(ticket_id, at) VALUES (new.ticket_id, new.created_at);
  DELETE FROM analytics_journal WHERE ticket_id = new.ticket_id;
  INSERT INTO analytics_journal(ticket_id) VALUES (new.ticket_id);
END;
--> statement-breakpoint
-- Messages are never deleted or edited through the API; should it happen, the ticket's first
-- response is recomputed (with the authors' current roles).
CREATE TRIGGER `messages_analytics_ad` AFTER DELETE ON `messages`
WHEN old.internal = 0
BEGIN
  DELETE FROM analytics_first_response WHERE ticket_id = old.ticket_id;
  INSERT INTO analytics_first_response(ticket_id, at)
    SELECT m.ticket_id, min(m.created_at) FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.ticket_id = old.ticket_id AND m.internal = 0 AND u.role IN ('agent', 'admin')
    GROUP BY m.ticket_id;
  DELETE FROM analytics_journal WHERE ticket_id = old.ticket_id;
  INSERT INTO analytics_journal(ticket_id) VALUES (old.ticket_id);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_analytics_au` AFTER UPDATE OF ticket_id, author_id, internal, created_at ON `messages`
BEGIN
  DELETE FROM analytics_first_response WHERE ticket_id IN (old.ticket_id, new.ticket_id);
  INSERT INTO analytics_first_response(ticket_id, at)
    SELECT m.ticket_id, min(m.created_at) FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.ticket_id IN (old.ticket_id, new.ticket_id) AND m.internal = 0 AND u.role IN ('agent', 'admin')
    GROUP BY m.ticket_id;
  DELETE FROM analytics_journal WHERE ticket_id IN (old.ticket_id, new.ticket_id);
  INSERT INTO analytics_journal(ticket_id) VALUES (old.ticket_id);
  INSERT INTO analytics_journal(ticket_id) SELECT new.ticket_id WHERE new.ticket_id IS NOT old.ticket_id;
END;
--> statement-breakpoint
-- 3. Backfill for databases that had messages before this migration.
INSERT INTO analytics_first_response(ticket_id, at)
  SELECT m.ticket_id, min(m.created_at) FROM messages m JOIN users u ON u.id = m.author_id
  WHERE m.internal = 0 AND u.role IN ('agent', 'admin')
  GROUP BY m.ticket_id;
