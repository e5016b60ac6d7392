-- Each product's shopper-facing JSON (`Product` in worker/catalog/types.ts), kept in products.doc so a
-- page or API read fetches one column instead of assembling JSON from three tables per request.
-- One definition, the view; triggers refresh the stored copy in the same transaction as any change to
-- a product, its variants, its images or its category, so no code path can leave it stale.
-- Created with `drizzle-kit generate --custom` (Drizzle cannot express views with triggers).
CREATE VIEW `product_docs` AS
SELECT p.id AS id, json_object(
	'id', p.id,
	'slug', p.slug,
	'title', p.title,
	'description', p.description,
	'category', json_object('slug', c.slug, 'name', c.name, 'description', c.description),
	'featured', json(iif(p.featured, 'true', 'false')),
	'price', json_object(
		'amount', coalesce((SELECT min(v.price) FROM variants v WHERE v.product_id = p.id), 0),
		'currency', coalesce((SELECT v.currency FROM variants v WHERE v.product_id = p.id ORDER BY v.position, v.id LIMIT 1), 'usd')),
	'images', (SELECT json_group_array(json_object('key', i.key, 'alt', i.alt, 'width', i.width, 'height', i.height))
		FROM (SELECT * FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id) i),
	'variants', (SELECT json_group_array(json_object('sku', v.sku, 'title', v.title, 'options', json(v.options),
			'price', json_object('amount', v.price, 'currency', v.currency)))
		FROM (SELECT * FROM variants v WHERE v.product_id = p.id ORDER BY v.position, v.id) v),
	'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', p.updated_at / 1000.0, 'unixepoch')
) AS doc
FROM products p JOIN categories c ON c.id = p.category_id;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_product_insert` AFTER INSERT ON `products` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = new.id) WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_product_update` AFTER UPDATE OF slug, title, description, category_id, featured, updated_at ON `products` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = new.id) WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_variant_insert` AFTER INSERT ON `variants` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = new.product_id) WHERE id = new.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_variant_update` AFTER UPDATE ON `variants` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = products.id) WHERE id IN (new.product_id, old.product_id);
END;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_variant_delete` AFTER DELETE ON `variants` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = old.product_id) WHERE id = old.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_image_insert` AFTER INSERT ON `product_images` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = new.product_id) WHERE id = new.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_image_update` AFTER UPDATE ON `product_images` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = products.id) WHERE id IN (new.product_id, old.product_id);
END;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_image_delete` AFTER DELETE ON `product_images` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = old.product_id) WHERE id = old.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_docs_after_category_update` AFTER UPDATE ON `categories` BEGIN
	UPDATE products SET doc = (SELECT doc FROM product_docs WHERE id = products.id) WHERE category_id = new.id;
END;
--> statement-breakpoint
UPDATE products SET doc = (SELECT doc FROM product_docs d WHERE d.id = products.id);
