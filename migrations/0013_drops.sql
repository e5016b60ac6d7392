CREATE TABLE `drop_skus` (
	`drop_id` text NOT NULL,
	`sku` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`drop_id`, `sku`),
	FOREIGN KEY (`drop_id`) REFERENCES `drops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drop_skus_sku_unique` ON `drop_skus` (`sku`);--> statement-breakpoint
CREATE TABLE `drops` (
	`id` text PRIMARY KEY NOT NULL,
	`starts_at` integer NOT NULL,
	`admit_per_minute` integer NOT NULL,
	`per_customer_limit` integer NOT NULL,
	`turnstile` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "drops_admit_positive" CHECK("drops"."admit_per_minute" > 0),
	CONSTRAINT "drops_limit_positive" CHECK("drops"."per_customer_limit" > 0)
);
