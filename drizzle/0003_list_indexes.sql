DROP INDEX `tickets_priority_idx`;--> statement-breakpoint
DROP INDEX `tickets_kiosk_opened_idx`;--> statement-breakpoint
CREATE INDEX `tickets_priority_updated_idx` ON `tickets` (`priority`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_kiosk_opened_idx` ON `tickets` (`kiosk_id`,`opened_at`) WHERE kiosk_id IS NOT NULL;