-- Product images name the colour they show (product_images.color, 0007), so the shopper JSON carries it
-- and the product page's gallery can follow the chosen colour. The view is redefined with the field;
-- the triggers from 0003 read the view by name and need no change. Created with `drizzle-kit generate --custom`.
DROP VIEW `product_docs`;
--> statement-breakpoint
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
	'images', (SELECT json_group_array(json_object('key', i.key, 'alt', i.alt, 'width', i.width, 'height', i.height, 'color', i.color))
		FROM (SELECT * FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id) i),
	'variants', (SELECT json_group_array(json_object('sku', v.sku, 'title', v.title, 'options', json(v.options),
			'price', json_object('amount', v.price, 'currency', v.currency)))
		FROM (SELECT * FROM variants v WHERE v.product_id = p.id ORDER BY v.position, v.id) v),
	'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', p.updated_at / 1000.0, 'unixepoch')
) AS doc
FROM products p JOIN categories c ON c.id = p.category_id;
--> statement-breakpoint
UPDATE products SET doc = (SELECT doc FROM product_docs d WHERE d.id = products.id);
