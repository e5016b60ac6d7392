/**
 * Seeds the local catalog: D1 rows, R2 product images and the KV catalog version.
 *
 *   npm run seed -- [--force] [--rerender] [--products N] [--seed N] [--persist-to DIR]
 *
 * (`npm run seed` is `node scripts/seed.mjs`: this file from a cached bundle; `npx tsx scripts/seed.ts`
 * runs it directly.)
 *
 * --force           reseed even if D1 already holds enough products
 * --rerender        also re-render and re-upload every image (implies --force, ignores the render
 *                   cache); by default images whose render fingerprint matches the seed's manifest
 *                   in R2 (seed/images-manifest.json) are left alone, and renders already in
 *                   node_modules/.cache/edgefront-renders are reused
 * --products N      number of products (default 520); --seed N: PRNG seed (default 42)
 * --persist-to DIR  as for wrangler: the directory that holds v3/ (default .wrangler/state)
 *
 * Uses the same local state as `wrangler dev` and `wrangler d1 ... --local` (.wrangler/state/v3 next
 * to wrangler.toml), written through a seed-only worker in Miniflare (seed/workerd.ts), and first
 * applies the D1 migrations that state has not recorded (seed/migrations.ts). Without
 * --force it exits quickly with "catalog already seeded" when D1 already holds at least N products
 * and the first product's image is in R2, so it is cheap to run on every `npm run dev`.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, projectRoot, type SeedArgs } from './seed/args';
import { generateCatalog, type SeedCatalog } from './seed/generate';
import type { RenderJob } from './seed/image-plan';
import { readManifest, writeManifest, type ImageManifest } from './seed/image-manifest';
import { catalogQueries, storeRulesQueries } from './seed/insert';
import { applyMigrations, productCount } from './seed/migrations';
import type { Render } from './seed/render-pool';
import { DEMO_STORE_RULES } from './seed/store-rules';
import { openSeedStore, type SeedStore } from './seed/workerd';
import { pool } from './lib/pool.mjs';

const ROOT = projectRoot(import.meta.url);
const CONFIG_PATH = resolve(ROOT, 'wrangler.toml');
const MIGRATIONS_DIR = resolve(ROOT, 'migrations');
/** Upload requests in flight, each carrying UPLOAD_BATCH renders (~3 MiB) to workerd. */
const UPLOAD_CONCURRENCY = 2;
const UPLOAD_BATCH = 96;
const CATALOG_VERSION_KEY = 'catalog:version';
const FINGERPRINT_META = 'seed-fingerprint';
/** Rendered JPEGs by fingerprint, kept across seeds so a fresh local state costs no rendering. */
const RENDER_CACHE = resolve(ROOT, 'node_modules/.cache/edgefront-renders');

const ms = (since: number) => `${Math.round(performance.now() - since)}ms`;

const chunk = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const count = async (store: SeedStore, from: string) =>
  Number((await store.batch([{ sql: `SELECT count(*) AS n FROM ${from}`, params: [] }]))[0]?.[0]?.n ?? 0);

/**
 * Applies the migrations local D1 has not recorded (all of them on a fresh state), as `wrangler d1
 * migrations apply DB --local` would, and answers how many products D1 holds.
 */
async function ensureSchema(store: SeedStore): Promise<number> {
  const started = performance.now();
  const files = await applyMigrations(store, MIGRATIONS_DIR);
  if (files) console.log(`seed: applied ${files} migrations from migrations/ [${ms(started)}]`);
  return (await productCount(store)) ?? 0;
}

async function seedStoreRules(store: SeedStore, args: SeedArgs): Promise<void> {
  if (!args.force && (await count(store, 'shipping_zones')) > 0) return;
  await store.batch(storeRulesQueries(DEMO_STORE_RULES));
  console.log(`seed: promotions, shipping zones and tax rates replaced (${DEMO_STORE_RULES.promotions.length} promotions, code WELCOME10)`);
}

/** True when D1 holds the catalog (with weighed variants) and R2 its first image: nothing to do. */
async function alreadySeeded(store: SeedStore, catalog: SeedCatalog, existing: number, args: SeedArgs): Promise<boolean> {
  // A catalog seeded before variants had weights is seeded again (D1 only: the images are unchanged).
  if (args.force || existing < args.products || (await count(store, 'variants where weight_grams = 0')) > 0) return false;
  // Also make sure R2 was not wiped separately from D1: the first product's first image must exist.
  const probe = catalog.products[0]?.images[0]?.key;
  if (!probe || (await store.hasMedia(probe))) return true;
  console.log(`seed: D1 has ${existing} products but R2 is missing ${probe}; reseeding`);
  return false;
}

/** The catalog in one D1 batch (one transaction: readers see the old catalog or the new one). */
async function seedCatalog(store: SeedStore, catalog: SeedCatalog): Promise<void> {
  const started = performance.now();
  await store.batch(catalogQueries(catalog));
  console.log(`seed: D1 catalog replaced [${ms(started)}]`);
}

/**
 * Stores what is missing or changed (same fingerprint ⇒ same bytes) unless --rerender, then deletes
 * objects an earlier seed stored that this catalog no longer references.
 */
async function seedImages(store: SeedStore, renders: Render[], args: SeedArgs, cacheDir: string): Promise<void> {
  const started = performance.now();
  const previous = await readManifest(store);
  const manifest: ImageManifest = Object.fromEntries(renders.map(({ key, fingerprint }) => [key, fingerprint]));
  const todo = renders.filter((r) => args.rerender || previous[r.key] !== r.fingerprint);
  let bytes = 0;
  await pool(chunk(todo, UPLOAD_BATCH), UPLOAD_CONCURRENCY, async (part) => {
    const objects = await Promise.all(
      part.map(async ({ key, fingerprint, jpeg }) => ({
        key,
        bytes: await jpeg,
        contentType: 'image/jpeg',
        customMetadata: { [FINGERPRINT_META]: fingerprint },
      })),
    );
    await store.putMedia(objects);
    bytes += objects.reduce((n, o) => n + o.bytes.byteLength, 0);
  });
  if (args.rerender) await rm(cacheDir, { recursive: true, force: true });
  const stale = Object.keys(previous).filter((key) => !(key in manifest));
  await store.deleteMedia(stale);
  await writeManifest(store, manifest);
  console.log(
    `seed: R2 images: ${todo.length} renders stored (${(bytes / 1024 / 1024).toFixed(1)} MiB), ` +
      `${renders.length - todo.length} unchanged, ${stale.length} stale removed [${ms(started)}]`,
  );
}

async function bumpCatalogVersion(store: SeedStore): Promise<void> {
  const version = String(Date.now());
  await store.putConfig(CATALOG_VERSION_KEY, version);
  console.log(`seed: KV ${CATALOG_VERSION_KEY} = ${version}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const args = parseArgs(process.argv.slice(2), ROOT);
  const catalog = generateCatalog({ products: args.products, seed: args.seed });
  // Products share renders (image-plan.ts): each key is drawn and stored once.
  const renders = new Map<string, RenderJob>(catalog.products.flatMap((p) => p.images.map((img) => [img.key, img.render] as const)));
  const generatedIn = ms(started);
  const cacheDir = args.rerender ? resolve(RENDER_CACHE, `rerender-${process.pid}`) : RENDER_CACHE;
  let rendering: Promise<Render[]> | undefined;
  // Loaded only when needed: sharp and the render threads are not needed for "already seeded".
  const render = () => (rendering ??= import('./seed/render-pool').then(({ startRendering }) => startRendering(renders, cacheDir)));
  // --force always reseeds: draw while workerd starts.
  if (args.force) void render().catch(() => {});

  const store = await openSeedStore(CONFIG_PATH, args.persistTo);
  try {
    const existing = await ensureSchema(store);
    await seedStoreRules(store, args);
    if (await alreadySeeded(store, catalog, existing, args)) {
      console.log(`catalog already seeded (${existing} products; --force to reseed) [${ms(started)}]`);
      return;
    }
    void render().catch(() => {});
    const variantCount = catalog.products.reduce((n, p) => n + p.variants.length, 0);
    const imageCount = catalog.products.reduce((n, p) => n + p.images.length, 0);
    console.log(
      `seed: generated ${catalog.categories.length} categories, ${catalog.products.length} products, ` +
        `${variantCount} variants, ${imageCount} product images of ${renders.size} renders (seed ${catalog.seed}) [${generatedIn}]`,
    );
    await seedCatalog(store, catalog);
    await seedImages(store, await render(), args, cacheDir);
    await bumpCatalogVersion(store);
    console.log(`seed: done in ${ms(started)}`);
  } finally {
    await store.dispose();
  }
}

main().catch((err: unknown) => {
  console.error('seed failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
