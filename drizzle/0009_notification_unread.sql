-- Custom migration (drizzle-kit generate --custom): notification_unread, each user's number
-- of unread in-app notifications, kept exact by triggers in the same transaction as every
-- change of `notifications`. Every new ticket notifies every member of staff and reports the
-- new unread count on the live stream; counting a user's unread rows each time grew with the
-- notifications nobody reads (an agent's "new ticket" notices pile up by the thousand).
CREATE TABLE `notification_unread` (
  `user_id` integer PRIMARY KEY NOT NULL,
  `n` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO notification_unread(user_id, n)
  SELECT user_id, count(*) FROM notifications WHERE read_at IS NULL GROUP BY user_id;
--> statement-breakpoint
CREATE TRIGGER `notification_unread_ai` AFTER INSERT ON `notifications` WHEN new.read_at IS NULL BEGIN
  INSERT INTO notification_unread(user_id, n) VALUES (new.user_id, 1)
    ON CONFLICT(user_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notification_unread_ad` AFTER DELETE ON `notifications` WHEN old.read_at IS NULL BEGIN
  UPDATE notification_unread SET n = n - 1 WHERE user_id = old.user_id;
END;
--> statement-breakpoint
CREATE TRIGGER `notification_unread_au` AFTER UPDATE OF read_at, user_id ON `notifications`
WHEN (old.read_at IS NULL) IS NOT (new.read_at IS NULL) OR old.user_id IS NOT new.user_id
BEGIN
  UPDATE notification_unread SET n = n - 1 WHERE user_id = old.user_id AND old.read_at IS NULL;
  INSERT INTO notification_unread(user_id, n) SELECT new.user_id, 1 WHERE new.read_at IS NULL
    ON CONFLICT(user_id) DO UPDATE SET n = n + 1;
END;
