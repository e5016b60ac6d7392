/**
 * Deterministic demo catalog. PURE: no Node or Workers imports, no clock, no Math.random, so it runs
 * the same under Node (the seed CLI) and inside workerd (tests). Same options ⇒ byte-identical output
 * (`JSON.stringify(generateCatalog())` is stable).
 */

import {
  APPAREL_SIZES,
  CARE_SENTENCES,
  CATEGORIES,
  COLOURS,
  HAT_SIZES,
  MATERIAL_SENTENCES,
  PREFIXES,
  SHOE_SIZES,
  SOCK_SIZES,
  WAIST_SIZES,
  type CategorySpec,
  type OptionScheme,
} from './word-lists';
import { fallbackColour, imageModel, RENDER_VIEWS, renderKey, type RenderJob } from './image-plan';

export { colourHex } from './word-lists';

export interface SeedCategory {
  /** 1-based, in `position` order; `insertCatalog` writes it as the row id. */
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
}

export interface SeedVariant {
  /** Globally unique upper-case SKU, e.g. `HOOD-0001-NAV-M`. */
  sku: string;
  /** Option values joined with " / " (e.g. "M / Navy"), or "Default" for a single option-less variant. */
  title: string;
  /** e.g. `{ "size": "M", "color": "Navy" }`; `{}` for single-variant products. */
  options: Record<string, string>;
  /** Integer cents, 1500–25000, ending in 00 or 99. */
  price: number;
  currency: 'usd';
  /** Grams per unit: the category's weight, 5 % more per size step (no PRNG draw, so nothing else moves). */
  weightGrams: number;
  position: number;
}

export interface SeedImage {
  /** R2 key in MEDIA: a shared render, `renders/<model>/<colour>/<view>.jpg` (see image-plan.ts). */
  key: string;
  /** What the seed draws for this key. */
  render: RenderJob;
  /** The colour option value the image shows, or null on a product without colours. */
  color: string | null;
  alt: string;
  width: number;
  height: number;
  position: number;
}

export interface SeedProduct {
  /** 1..N in generation order; `insertCatalog` writes it as the row id. */
  id: number;
  slug: string;
  title: string;
  description: string;
  categorySlug: string;
  featured: boolean;
  variants: SeedVariant[];
  images: SeedImage[];
}

export interface SeedCatalog {
  seed: number;
  categories: SeedCategory[];
  products: SeedProduct[];
}

export interface GenerateOptions {
  /** Number of products; default 520. */
  products?: number;
  /** PRNG seed; default 42. */
  seed?: number;
}

export const DEFAULT_PRODUCT_COUNT = 520;
export const DEFAULT_SEED = 42;
export const FEATURED_COUNT = 12;
export const IMAGE_SIZE = 800;

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: tiny, fast, good enough for demo data; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** `n` distinct items, in list order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const idx = this.shuffle(items.map((_, i) => i)).slice(0, Math.min(n, items.length));
    return idx.sort((a, b) => a - b).map((i) => items[i] as T);
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

export function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function sizeCode(size: string): string {
  return size.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** Price in cents ending in 00 or 99 from a whole-dollar amount (never below $15.00). */
function toCents(dollars: number, ends99: boolean): number {
  return ends99 && dollars > 15 ? dollars * 100 - 1 : dollars * 100;
}

/** A contiguous run of `n` sizes from `sizes`, biased toward the middle of the range. */
function sizeRun(rng: Rng, sizes: readonly string[], n: number): string[] {
  const count = Math.min(n, sizes.length);
  const start = rng.int(0, sizes.length - count);
  return sizes.slice(start, start + count);
}

interface Axis {
  name: 'size' | 'color';
  values: string[];
}

function optionAxes(rng: Rng, scheme: OptionScheme): Axis[] {
  const colours = (n: number): Axis => ({ name: 'color', values: rng.sample(COLOURS, n).map((c) => c.name) });
  switch (scheme) {
    case 'size+color':
    case 'waist+color': {
      const sizes = scheme === 'size+color' ? APPAREL_SIZES : WAIST_SIZES;
      const nColours = rng.pick([1, 1, 2, 2, 3]);
      const maxSizes = Math.floor(6 / nColours);
      const nSizes = rng.int(nColours === 1 ? 2 : 1, maxSizes);
      const axes: Axis[] = [{ name: 'size', values: sizeRun(rng, sizes, nSizes) }];
      axes.push(colours(nColours));
      return axes;
    }
    case 'shoe':
      return [{ name: 'size', values: sizeRun(rng, SHOE_SIZES, rng.int(3, 6)) }];
    case 'color':
      return [colours(rng.int(1, 4))];
    case 'hat':
      if (rng.chance(0.3)) return [];
      if (rng.chance(0.3)) return [{ name: 'size', values: [...HAT_SIZES] }];
      return [colours(rng.int(1, 4))];
    case 'sock':
      if (rng.chance(0.25)) return [];
      return [{ name: 'size', values: [...SOCK_SIZES] }];
    case 'color-or-none':
      if (rng.chance(0.45)) return [];
      return [colours(rng.int(2, 3))];
  }
}

/** How many sizes up from the smallest of its run a size is (0 without a size axis). */
function sizeStep(axes: readonly Axis[], size: string | undefined): number {
  const sizes = axes.find((a) => a.name === 'size')?.values ?? [];
  return size === undefined ? 0 : sizes.indexOf(size);
}

function colourCode(name: string): string {
  const c = COLOURS.find((x) => x.name === name);
  return c ? c.code : slugify(name).replace(/-/g, '').slice(0, 3).toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Generator

export function generateCatalog(opts: GenerateOptions = {}): SeedCatalog {
  const count = Math.max(0, Math.floor(opts.products ?? DEFAULT_PRODUCT_COUNT));
  const seed = Math.floor(opts.seed ?? DEFAULT_SEED);
  if (count > 9999) throw new Error('generateCatalog: at most 9999 products (SKUs use 4 digits)');
  const rng = new Rng(seed);

  const categories: SeedCategory[] = CATEGORIES.map((c, i) => ({
    id: i + 1,
    slug: c.slug,
    name: c.name,
    description: c.description,
    position: i,
  }));

  // Even spread over categories, in a seeded order so ids interleave categories.
  const assignment = rng.shuffle(Array.from({ length: count }, (_, i) => i % CATEGORIES.length));

  // Featured products: FEATURED_COUNT distinct indices.
  const featured = new Set(rng.shuffle(Array.from({ length: count }, (_, i) => i)).slice(0, FEATURED_COUNT));

  const usedTitles = new Set<string>();
  const usedSlugs = new Set<string>();
  const products: SeedProduct[] = [];

  for (let i = 0; i < count; i++) {
    const spec = CATEGORIES[assignment[i] as number] as CategorySpec;
    const number = String(i + 1).padStart(4, '0');

    // Title: prefix + material + noun; retry a few times for a fresh combination.
    let title = '';
    let material = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      material = rng.pick(spec.materials);
      title = `${rng.pick(PREFIXES)} ${material} ${rng.pick(spec.nouns)}`;
      if (!usedTitles.has(title)) break;
    }
    if (usedTitles.has(title)) title = `${title} ${Math.floor(i / CATEGORIES.length) + 2}`;
    usedTitles.add(title);

    let slug = slugify(title);
    for (let n = 2; usedSlugs.has(slug); n++) slug = `${slugify(title)}-${n}`;
    usedSlugs.add(slug);

    // Description: 2–3 sentences.
    const sentences = [
      `The ${title} is made for ${rng.pick(spec.uses)}, with ${rng.pick(spec.features)}.`,
      rng.pick(MATERIAL_SENTENCES)(material),
    ];
    if (rng.chance(0.6)) sentences.push(rng.pick(CARE_SENTENCES));
    const description = sentences.join(' ');

    // Variants.
    const axes = optionAxes(rng, spec.scheme);
    const base = rng.int(spec.price[0], spec.price[1]);
    const ends99 = rng.chance(0.6);
    let combos: Record<string, string>[] = [{}];
    for (const axis of axes) {
      const next: Record<string, string>[] = [];
      for (const combo of combos) for (const v of axis.values) next.push({ ...combo, [axis.name]: v });
      combos = next;
    }
    // Colour-major ordering reads better in a picker: Navy S, Navy M, ..., then Olive S...
    if (axes.length === 2) {
      const colourOrder = axes[1]?.values ?? [];
      const sizeOrder = axes[0]?.values ?? [];
      combos.sort(
        (a, b) =>
          colourOrder.indexOf(a.color ?? '') - colourOrder.indexOf(b.color ?? '') ||
          sizeOrder.indexOf(a.size ?? '') - sizeOrder.indexOf(b.size ?? ''),
      );
    }
    combos = combos.slice(0, 6);
    const variants: SeedVariant[] = combos.map((options, position) => {
      // Plus sizes cost a little more; stays on the 00/99 grid because it adds whole dollars.
      const upcharge = options.size === 'XXL' || options.size === '38' ? 5 : 0;
      const dollars = Math.min(base + upcharge, 250);
      const skuParts = [spec.code, number];
      if (options.color) skuParts.push(colourCode(options.color));
      if (options.size) skuParts.push(sizeCode(options.size));
      const values = [options.size, options.color].filter((v): v is string => !!v);
      return {
        sku: skuParts.join('-'),
        title: values.length ? values.join(' / ') : 'Default',
        options,
        price: toCents(dollars, ends99),
        currency: 'usd',
        weightGrams: Math.round(spec.grams * (1 + 0.05 * Math.max(0, sizeStep(axes, options.size)))),
        position,
      };
    });

    // Images: every view in every colour. This draw once chose an image count; it stays so that every
    // later product keeps its title, variants and prices.
    rng.int(1, 3);
    const model = imageModel(spec.slug, title);
    const colours = [...new Set(variants.flatMap((v) => (v.options.color ? [v.options.color] : [])))];
    const shown = colours.length ? colours.map((c) => ({ colour: c, color: c as string | null })) : [{ colour: fallbackColour(slug), color: null }];
    const images: SeedImage[] = shown.flatMap(({ colour, color }) =>
      RENDER_VIEWS.map((view) => {
        const render: RenderJob = { model, colour, view: view.id };
        return { key: renderKey(render), render, color, alt: `${title}${color ? ` in ${color}` : ''}, ${view.label}`, width: IMAGE_SIZE, height: IMAGE_SIZE };
      }),
    ).map((img, position) => ({ ...img, position }));

    products.push({
      id: i + 1,
      slug,
      title,
      description,
      categorySlug: spec.slug,
      featured: featured.has(i),
      variants,
      images,
    });
  }

  return { seed, categories, products };
}
