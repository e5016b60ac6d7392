CREATE TABLE `experiment_weights` (
	`experiment_id` text NOT NULL,
	`since` integer NOT NULL,
	`weights` text NOT NULL,
	PRIMARY KEY(`experiment_id`, `since`)
);
