-- Custom migration (drizzle-kit generate --custom): search_journal, which tickets' search
-- documents changed, so a reader can keep the set of tickets a search matches up to date
-- from the changes since it last looked instead of reading the whole match list again
-- (src-main/core/search-matches.ts). Same shape and rules as analytics_journal (0002): one
-- row per ticket at most, a later change moves the row to a new seq; new tickets are found
-- by id (AUTOINCREMENT), only out-of-order inserts are journaled. The triggers follow the
-- ticket_search triggers of 0004: every statement that rewrites a ticket's search document
-- journals that ticket in the same transaction.
CREATE TABLE `search_journal` (
  `seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `ticket_id` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_journal_ticket_uq` ON `search_journal` (`ticket_id`);
--> statement-breakpoint
CREATE TRIGGER `search_journal_ticket_ai` AFTER INSERT ON `tickets`
WHEN new.id < (SELECT max(id) FROM tickets)
BEGIN
  DELETE FROM search_journal WHERE ticket_id = new.id;
  INSERT INTO search_journal(ticket_id) VALUES (new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_journal_ticket_au` AFTER UPDATE OF id, subject, description ON `tickets` BEGIN
  DELETE FROM search_journal WHERE ticket_id IN (old.id, new.id);
  INSERT INTO search_journal(ticket_id) VALUES (old.id);
  INSERT INTO search_journal(ticket_id) SELECT new.id WHERE new.id IS NOT old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_journal_ticket_ad` AFTER DELETE ON `tickets` BEGIN
  DELETE FROM search_journal WHERE ticket_id = old.id;
  INSERT INTO search_journal(ticket_id) VALUES (old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_journal_message_ai` AFTER INSERT ON `messages` BEGIN
  DELETE FROM search_journal WHERE ticket_id = new.ticket_id;
  INSERT INTO search_journal(ticket_id) VALUES (new.ticket_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_journal_message_au` AFTER UPDATE OF body, internal, ticket_id ON `messages` BEGIN
  DELETE FROM search_journal WHERE ticket_id IN (old.ticket_id, new.ticket_id);
  INSERT INTO search_journal(ticket_id) VALUES (old.ticket_id);
  INSERT INTO search_journal(ticket_id) SELECT new.ticket_id WHERE new.ticket_id IS NOT old.ticket_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_journal_message_ad` AFTER DELETE ON `messages` BEGIN
  DELETE FROM search_journal WHERE ticket_id = old.ticket_id;
  INSERT INTO search_journal(ticket_id) VALUES (old.ticket_id);
END;
