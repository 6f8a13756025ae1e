-- Custom migration (drizzle-kit generate --custom): what drizzle's schema DSL cannot express.
-- 1. Full-text search: FTS5 external-content indexes over tickets (subject, description)
--    and messages (body), kept in sync by triggers, so the database itself maintains them.
CREATE VIRTUAL TABLE `ticket_fts` USING fts5(subject, description, content='tickets', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `message_fts` USING fts5(body, content='messages', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_ai` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO ticket_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_ad` AFTER DELETE ON `tickets` BEGIN
  INSERT INTO ticket_fts(ticket_fts, rowid, subject, description) VALUES ('delete', old.id, old.subject, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_au` AFTER UPDATE OF subject, description ON `tickets` BEGIN
  INSERT INTO ticket_fts(ticket_fts, rowid, subject, description) VALUES ('delete', old.id, old.subject, old.description);
  INSERT INTO ticket_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ai` AFTER INSERT ON `messages` BEGIN
  INSERT INTO message_fts(rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ad` AFTER DELETE ON `messages` BEGIN
  INSERT INTO message_fts(message_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_au` AFTER UPDATE OF body ON `messages` BEGIN
  INSERT INTO message_fts(message_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO message_fts(rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
-- 2. Exact counts per (status, category, priority, assignee); assignee 0 = unassigned.
CREATE TRIGGER `tickets_counts_ai` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO ticket_counts(status, category_id, priority, assignee_id, n)
    VALUES (new.status, new.category_id, new.priority, coalesce(new.assignee_id, 0), 1)
    ON CONFLICT(status, category_id, priority, assignee_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_counts_ad` AFTER DELETE ON `tickets` BEGIN
  UPDATE ticket_counts SET n = n - 1
    WHERE status = old.status AND category_id = old.category_id AND priority = old.priority
      AND assignee_id = coalesce(old.assignee_id, 0);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_counts_au` AFTER UPDATE OF status, category_id, priority, assignee_id ON `tickets` BEGIN
  UPDATE ticket_counts SET n = n - 1
    WHERE status = old.status AND category_id = old.category_id AND priority = old.priority
      AND assignee_id = coalesce(old.assignee_id, 0);
  INSERT INTO ticket_counts(status, category_id, priority, assignee_id, n)
    VALUES (new.status, new.category_id, new.priority, coalesce(new.assignee_id, 0), 1)
    ON CONFLICT(status, category_id, priority, assignee_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- 3. The default categories every new database has.
INSERT INTO categories(slug, name, active, created_at) VALUES
  ('facility_management', 'Facility management', 1, CAST(unixepoch('subsec') * 1000 AS INTEGER)),
  ('technical_it', 'Technical IT', 1, CAST(unixepoch('subsec') * 1000 AS INTEGER)),
  ('services_complaints', 'Services complaints', 1, CAST(unixepoch('subsec') * 1000 AS INTEGER));
--> statement-breakpoint
-- 4. Backfill for databases that had tickets before this migration: the counting triggers
--    above see only later writes (tests/unit/migrations.test.ts upgrades such a database).
DELETE FROM ticket_counts;
--> statement-breakpoint
INSERT INTO ticket_counts(status, category_id, priority, assignee_id, n)
  SELECT status, category_id, priority, coalesce(assignee_id, 0), count(*) FROM tickets GROUP BY 1, 2, 3, 4;
