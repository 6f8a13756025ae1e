DROP INDEX `tickets_opened_idx`;--> statement-breakpoint
CREATE INDEX `tickets_opened_idx` ON `tickets` (`opened_at`,`updated_at`,`priority`);