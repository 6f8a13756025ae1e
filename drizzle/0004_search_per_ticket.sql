-- Custom migration (drizzle-kit generate --custom): full-text search per ticket.
-- One contentless FTS5 document per ticket (rowid = ticket id) with four columns: subject,
-- description, replies (public messages) and notes (internal messages). A search is one FTS
-- lookup that yields ticket ids directly (no join from message hits to their tickets), and
-- reporters search with a column filter that leaves out `notes`. Triggers re-index a ticket's
-- document whenever its text or its messages change, so the database keeps it exact.
-- Replaces the per-row ticket_fts/message_fts indexes of 0001.
DROP TRIGGER IF EXISTS `tickets_fts_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `tickets_fts_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `tickets_fts_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `messages_fts_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `messages_fts_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `messages_fts_au`;
--> statement-breakpoint
DROP TABLE IF EXISTS `ticket_fts`;
--> statement-breakpoint
DROP TABLE IF EXISTS `message_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `ticket_search` USING fts5(subject, description, replies, notes, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO ticket_search(rowid, subject, description, replies, notes)
  SELECT t.id, t.subject, t.description,
    (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 0),
    (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 1)
  FROM tickets t;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_ai` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO ticket_search(rowid, subject, description, replies, notes)
    SELECT new.id, new.subject, new.description,
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = new.id AND m.internal = 0),
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = new.id AND m.internal = 1);
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_au` AFTER UPDATE OF subject, description ON `tickets` BEGIN
  DELETE FROM ticket_search WHERE rowid = old.id;
  INSERT INTO ticket_search(rowid, subject, description, replies, notes)
    SELECT new.id, new.subject, new.description,
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = new.id AND m.internal = 0),
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = new.id AND m.internal = 1);
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_ad` AFTER DELETE ON `tickets` BEGIN
  DELETE FROM ticket_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_message_ai` AFTER INSERT ON `messages` BEGIN
  DELETE FROM ticket_search WHERE rowid = new.ticket_id;
  INSERT INTO ticket_search(rowid, subject, description, replies, notes)
    SELECT t.id, t.subject, t.description,
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 0),
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 1)
    FROM tickets t WHERE t.id = new.ticket_id;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_message_au` AFTER UPDATE OF body, internal, ticket_id ON `messages` BEGIN
  DELETE FROM ticket_search WHERE rowid IN (old.ticket_id, new.ticket_id);
  INSERT INTO ticket_search(rowid, subject, description, replies, notes)
    SELECT t.id, t.subject, t.description,
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 0),
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 1)
    FROM tickets t WHERE t.id IN (old.ticket_id, new.ticket_id);
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_message_ad` AFTER DELETE ON `messages` BEGIN
  DELETE FROM ticket_search WHERE rowid = old.ticket_id;
  INSERT INTO ticket_search(rowid, subject, description, replies, notes)
    SELECT t.id, t.subject, t.description,
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 0),
      (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 1)
    FROM tickets t WHERE t.id = old.ticket_id;
END;
