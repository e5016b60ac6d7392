-- `variant_options` mirrors `variants.options` (one row per option of a variant) so facet filters and
-- counts are index lookups. Triggers keep it in the same transaction as every variant write, so no code
-- path can leave it stale; deletes cascade through the foreign key.
-- Created with `drizzle-kit generate --custom` (Drizzle cannot express triggers).
CREATE TRIGGER `variant_options_after_variant_insert` AFTER INSERT ON `variants` BEGIN
	INSERT INTO variant_options (variant_id, product_id, name, value)
		SELECT new.id, new.product_id, o.key, o.value FROM json_each(new.options) o WHERE o.type = 'text';
END;
--> statement-breakpoint
CREATE TRIGGER `variant_options_after_variant_update` AFTER UPDATE OF options, product_id ON `variants` BEGIN
	DELETE FROM variant_options WHERE variant_id = new.id;
	INSERT INTO variant_options (variant_id, product_id, name, value)
		SELECT new.id, new.product_id, o.key, o.value FROM json_each(new.options) o WHERE o.type = 'text';
END;
--> statement-breakpoint
INSERT INTO variant_options (variant_id, product_id, name, value)
	SELECT v.id, v.product_id, o.key, o.value FROM variants v, json_each(v.options) o WHERE o.type = 'text';
