/**
 * Seeds the local catalog: D1 rows, R2 product images and the KV catalog version.
 *
 *   npx tsx scripts/seed.ts [--force] [--rerender] [--products N] [--seed N] [--persist-to DIR]
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
 * to wrangler.toml). Without --force it exits quickly with "catalog already seeded" when D1 already
 * holds at least N products and the first product's image is in R2, so it is cheap to run on every
 * `npm run dev`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPlatformProxy, unstable_readConfig, unstable_splitSqlQuery } from 'wrangler';
import { DEFAULT_PRODUCT_COUNT, DEFAULT_SEED, generateCatalog } from './seed/generate';
import type { RenderJob } from './seed/image-plan';
import { insertCatalog, insertStoreRules } from './seed/insert';
import { DEMO_STORE_RULES } from './seed/store-rules';
import { pool } from './lib/pool.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG_PATH = resolve(ROOT, 'wrangler.toml');
const MIGRATIONS_DIR = resolve(ROOT, 'migrations');
const UPLOAD_CONCURRENCY = 8;
/** Renders in flight: sharp's thread pool (4) keeps both cores busy. */
const RENDER_CONCURRENCY = 4;
const CATALOG_VERSION_KEY = 'catalog:version';
const FINGERPRINT_META = 'seed-fingerprint';
const MANIFEST_KEY = 'seed/images-manifest.json';
/** Rendered JPEGs by fingerprint, kept across seeds so a fresh local state costs no rendering. */
const RENDER_CACHE = resolve(ROOT, 'node_modules/.cache/edgefront-renders');

interface Args {
  force: boolean;
  /** Like wrangler's --persist-to: the directory holding `v3/`; default .wrangler/state next to wrangler.toml. */
  persistTo: string;
  /** Re-render and re-upload every image even if R2 already has identical ones. */
  rerender: boolean;
  products: number;
  seed: number;
}

function usage(message?: string): never {
  if (message) console.error(`seed: ${message}`);
  console.error('usage: npx tsx scripts/seed.ts [--force] [--rerender] [--products N] [--seed N] [--persist-to DIR]');
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    force: false,
    rerender: false,
    persistTo: resolve(ROOT, '.wrangler/state'),
    products: DEFAULT_PRODUCT_COUNT,
    seed: DEFAULT_SEED,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) usage(`${flag} needs a non-negative integer`);
      return Number(v);
    };
    if (flag === '--force' || flag === '-f') args.force = true;
    else if (flag === '--products' || flag === '-n') args.products = value();
    else if (flag === '--seed') args.seed = value();
    else if (flag === '--persist-to') {
      const dir = inline ?? argv[++i];
      if (!dir) usage('--persist-to needs a directory');
      args.persistTo = resolve(dir);
    } else if (flag === '--rerender') args.rerender = args.force = true;
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown argument ${flag}`);
  }
  if (args.products < 1) usage('--products must be at least 1');
  return args;
}

type Proxy = Awaited<ReturnType<typeof getPlatformProxy<Env>>>;

/**
 * wrangler.toml cut down to the bindings the seed writes (D1, KV, R2): without the Durable Object
 * bindings, workerd has no classes to warn about on every `npm run dev`. Same ids, so the same local
 * state as `wrangler dev`.
 */
function seedConfigPath(): string {
  // Typed here: wrangler's declarations name a package that is bundled into it, not installed.
  const config: {
    name?: string;
    compatibility_date?: string;
    compatibility_flags: string[];
    d1_databases: { binding: string; database_name?: string; database_id?: string }[];
    kv_namespaces: { binding: string; id?: string }[];
    r2_buckets: { binding: string; bucket_name?: string }[];
  } = unstable_readConfig({ config: CONFIG_PATH });
  const seedConfig = {
    name: `${config.name}-seed`,
    compatibility_date: config.compatibility_date,
    compatibility_flags: config.compatibility_flags,
    d1_databases: config.d1_databases.map(({ binding, database_name, database_id }) => ({ binding, database_name, database_id })),
    kv_namespaces: config.kv_namespaces.map(({ binding, id }) => ({ binding, id })),
    r2_buckets: config.r2_buckets.map(({ binding, bucket_name }) => ({ binding, bucket_name })),
  };
  const dir = join(ROOT, '.wrangler', 'seed');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'wrangler.json');
  writeFileSync(path, JSON.stringify(seedConfig));
  return path;
}

function startProxy(persistTo: string): Promise<Proxy> {
  // Wrangler's own notices (on every start) are noise here, and this runs on every `npm run dev`.
  // WRANGLER_LOG=warn (or info/debug) brings them back.
  process.env.WRANGLER_LOG ??= 'error';
  return getPlatformProxy<Env>({
    configPath: seedConfigPath(),
    persist: { path: resolve(persistTo, 'v3') },
    // Local only: never try to open a remote-bindings session.
    remoteBindings: false,
  });
}

const count = async (db: D1Database, from: string) =>
  (await db.prepare(`SELECT count(*) AS n FROM ${from}`).first<{ n: number }>())?.n ?? 0;

/** Number of products, or null when the products table does not exist (migrations not applied). */
async function productCount(db: D1Database): Promise<number | null> {
  try {
    const row = await db.prepare('SELECT count(*) AS n FROM products').first<{ n: number }>();
    return row?.n ?? 0;
  } catch (err) {
    if (/no such table/i.test(String((err as Error)?.message ?? err))) return null;
    throw err;
  }
}

/** wrangler's bookkeeping table for `d1 migrations apply` (wrangler.toml sets no migrations_table). */
const MIGRATIONS_TABLE = 'd1_migrations';

/**
 * Applies the migrations in migrations/ that D1 has not recorded, the way `wrangler d1 migrations
 * apply DB --local` does (each file's statements, then its name into d1_migrations, so wrangler
 * sees them applied), but through the seed's own D1 binding: one batch per file instead of one
 * wrangler process and workerd start per file (~20 s for 9 files on this box).
 */
async function applyMigrations(db: D1Database): Promise<void> {
  const started = performance.now();
  await db.exec(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);`,
  );
  const applied = new Set(
    (await db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`).all<{ name: string }>()).results.map((r) => r.name),
  );
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && !applied.has(f)).sort();
  for (const file of files) {
    const statements = unstable_splitSqlQuery(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
    await db.batch([
      ...statements.map((sql) => db.prepare(sql)),
      db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (?)`).bind(file),
    ]);
  }
  console.log(`seed: products table missing; applied ${files.length} migrations from migrations/ [${Math.round(performance.now() - started)}ms]`);
}

type Renders = Map<string, RenderJob>;

interface Rendering {
  jobs: { key: string; job: RenderJob; fingerprint: string; jpeg: Promise<Uint8Array> }[];
}

/**
 * Starts drawing every render, RENDER_CONCURRENCY at a time, and answers at once: the drawing runs on
 * sharp's threads while workerd starts and D1 fills, and uploads await each JPEG as it is ready.
 */
async function startRendering(renders: Renders, cacheDir: string): Promise<Rendering> {
  // Loaded only now: sharp is not needed for the common "already seeded" exit.
  const { renderFingerprint, renderImage } = await import('./seed/images');
  const jobs = [...renders].map(([key, job]) => {
    let settle!: { resolve: (jpeg: Uint8Array) => void; reject: (err: unknown) => void };
    const jpeg = new Promise<Uint8Array>((resolve, reject) => (settle = { resolve, reject }));
    // Awaited by the upload; until then a failure must not count as unhandled.
    jpeg.catch(() => {});
    return { key, job, fingerprint: renderFingerprint(job), jpeg, settle };
  });
  void pool(jobs, RENDER_CONCURRENCY, async ({ job, fingerprint, settle }) => {
    await renderImage(job, fingerprint, cacheDir).then(settle.resolve, settle.reject);
  });
  return { jobs };
}

/**
 * Which image keys the seed stored, with the render fingerprint of each. Kept as one JSON object in
 * the same bucket (so wiping R2 state also forgets it) because listing R2 through getPlatformProxy is
 * slow: every property read on a listed R2Object is a synchronous round trip to workerd (~500 ms per
 * 100 objects with customMetadata), while one get() is a single call.
 */
type ImageManifest = Record<string, string>;

async function readManifest(media: R2Bucket): Promise<ImageManifest> {
  const obj = await media.get(MANIFEST_KEY);
  if (!obj) return {};
  try {
    const parsed = JSON.parse(await obj.text()) as { images?: ImageManifest };
    return parsed.images ?? {};
  } catch {
    return {};
  }
}

async function writeManifest(media: R2Bucket, images: ImageManifest): Promise<void> {
  await media.put(MANIFEST_KEY, JSON.stringify({ version: 1, images }), {
    httpMetadata: { contentType: 'application/json' },
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const args = parseArgs(process.argv.slice(2));
  const ms = (since: number) => `${Math.round(performance.now() - since)}ms`;

  const catalog = generateCatalog({ products: args.products, seed: args.seed });
  // Products share renders (image-plan.ts): each key is drawn and stored once.
  const renders: Renders = new Map(catalog.products.flatMap((p) => p.images.map((img) => [img.key, img.render] as const)));
  const generatedIn = ms(started);
  const cacheDir = args.rerender ? resolve(RENDER_CACHE, `rerender-${process.pid}`) : RENDER_CACHE;
  let rendering: Promise<Rendering> | undefined;
  const render = () => (rendering ??= startRendering(renders, cacheDir));
  // --force always reseeds: draw while workerd starts (renders the manifest finds unchanged are then
  // drawn for nothing, from the disk cache when this machine has them).
  if (args.force) void render().catch(() => {});

  const proxy = await startProxy(args.persistTo);
  try {
    let existing = await productCount(proxy.env.DB);
    if (existing === null) {
      await applyMigrations(proxy.env.DB);
      existing = await productCount(proxy.env.DB);
      if (existing === null) throw new Error('products table still missing after applying migrations');
    }
    const env = proxy.env;

    if (args.force || (await count(env.DB, 'shipping_zones')) === 0) {
      await insertStoreRules(env.DB, DEMO_STORE_RULES);
      console.log(`seed: promotions, shipping zones and tax rates replaced (${DEMO_STORE_RULES.promotions.length} promotions, code WELCOME10)`);
    }

    // A catalog seeded before variants had weights is seeded again (D1 only: the images are unchanged).
    const unweighed = await count(env.DB, 'variants where weight_grams = 0');
    if (!args.force && existing >= args.products && unweighed === 0) {
      // Also make sure R2 was not wiped separately from D1: the first product's first image must exist.
      const probe = catalog.products[0]?.images[0]?.key;
      if (!probe || (await env.MEDIA.head(probe))) {
        console.log(`catalog already seeded (${existing} products; --force to reseed) [${ms(started)}]`);
        return;
      }
      console.log(`seed: D1 has ${existing} products but R2 is missing ${probe}; reseeding`);
    }

    void render().catch(() => {});
    const variantCount = catalog.products.reduce((n, p) => n + p.variants.length, 0);
    const imageCount = catalog.products.reduce((n, p) => n + p.images.length, 0);
    console.log(
      `seed: generated ${catalog.categories.length} categories, ${catalog.products.length} products, ` +
        `${variantCount} variants, ${imageCount} product images of ${renders.size} renders (seed ${catalog.seed}) [${generatedIn}]`,
    );

    const t1 = performance.now();
    await insertCatalog(env.DB, catalog);
    console.log(`seed: D1 catalog replaced [${ms(t1)}]`);

    // Images: render and upload only what is missing or changed (same fingerprint ⇒ same bytes) unless
    // --rerender, then delete objects an earlier seed stored that this catalog no longer references.
    const t2 = performance.now();
    const previous = await readManifest(env.MEDIA);
    const { jobs } = await render();
    const manifest: ImageManifest = Object.fromEntries(jobs.map(({ key, fingerprint }) => [key, fingerprint]));
    const todo = jobs.filter((img) => args.rerender || previous[img.key] !== img.fingerprint);
    let bytes = 0;
    await pool(todo, UPLOAD_CONCURRENCY, async ({ key, fingerprint, jpeg: rendered }) => {
      const jpeg = await rendered;
      await env.MEDIA.put(key, jpeg, {
        httpMetadata: { contentType: 'image/jpeg' },
        customMetadata: { [FINGERPRINT_META]: fingerprint },
      });
      bytes += jpeg.byteLength;
    });
    if (args.rerender) await rm(cacheDir, { recursive: true, force: true });
    const stale = Object.keys(previous).filter((key) => !(key in manifest));
    for (let i = 0; i < stale.length; i += 1000) await env.MEDIA.delete(stale.slice(i, i + 1000));
    await writeManifest(env.MEDIA, manifest);
    console.log(
      `seed: R2 images: ${todo.length} renders stored (${(bytes / 1024 / 1024).toFixed(1)} MiB), ` +
        `${jobs.length - todo.length} unchanged, ${stale.length} stale removed [${ms(t2)}]`,
    );

    const version = String(Date.now());
    await env.CONFIG.put(CATALOG_VERSION_KEY, version);
    console.log(`seed: KV ${CATALOG_VERSION_KEY} = ${version}`);
    console.log(`seed: done in ${ms(started)}`);
  } finally {
    await proxy.dispose();
  }
}

main().catch((err: unknown) => {
  console.error('seed failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
