CREATE TABLE `variant_options` (
	`variant_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`variant_id`, `name`),
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `variant_options_name_value_idx` ON `variant_options` (`name`,`value`,`product_id`);--> statement-breakpoint
ALTER TABLE `variants` ADD `in_stock_hint` integer DEFAULT false NOT NULL;