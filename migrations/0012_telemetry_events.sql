CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`visitor` text,
	`page` text,
	`variants` text DEFAULT '{}' NOT NULL,
	`order_id` text,
	`amount` integer,
	`currency` text,
	`reason` text,
	`value` real,
	`request_id` text
);
--> statement-breakpoint
CREATE INDEX `events_type_at_idx` ON `events` (`type`,`at`);--> statement-breakpoint
CREATE INDEX `events_order_idx` ON `events` (`order_id`);--> statement-breakpoint
CREATE INDEX `events_visitor_idx` ON `events` (`visitor`,`type`);--> statement-breakpoint
CREATE TABLE `experiment_exposures` (
	`experiment_id` text NOT NULL,
	`visitor` text NOT NULL,
	`variant` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	PRIMARY KEY(`experiment_id`, `visitor`)
);
--> statement-breakpoint
CREATE INDEX `experiment_exposures_variant_idx` ON `experiment_exposures` (`experiment_id`,`variant`,`first_seen_at`);