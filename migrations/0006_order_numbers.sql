ALTER TABLE `orders` ADD `number` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number_unique` ON `orders` (`number`);