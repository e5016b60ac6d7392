-- Full-text search over the catalog: an external-content FTS5 index on products, kept in sync by
-- triggers so no application code path can forget to update it. Drizzle has no FTS5 support, so this
-- migration was created with `drizzle-kit generate --custom` and written by hand.
-- prefix='2 3 4' builds prefix indexes so "hoo*" is an index lookup, not a scan.
CREATE VIRTUAL TABLE `products_fts` USING fts5(
	title,
	description,
	content='products',
	content_rowid='id',
	tokenize='unicode61 remove_diacritics 2',
	prefix='2 3 4'
);
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO products_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_delete` AFTER DELETE ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_update` AFTER UPDATE OF title, description ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
	INSERT INTO products_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
--> statement-breakpoint
INSERT INTO products_fts(products_fts) VALUES ('rebuild');
