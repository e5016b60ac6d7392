ALTER TABLE `dead_letters` ADD `replayed_at` integer;--> statement-breakpoint
ALTER TABLE `dead_letters` ADD `replayed_to` text;