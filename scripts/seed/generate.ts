/**
 * Deterministic demo catalog. PURE: no Node or Workers imports, no clock, no Math.random, so it runs
 * the same under Node (the seed CLI) and inside workerd (tests). Same options ⇒ byte-identical output
 * (`JSON.stringify(generateCatalog())` is stable).
 */

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
  position: number;
}

export interface SeedImage {
  /** R2 key in MEDIA: `products/<slug>/<n>.jpg`, n starting at 1. */
  key: string;
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
// Word lists

interface Colour {
  name: string;
  code: string;
  /** Swatch colour, used by the image renderer. */
  hex: string;
}

const COLOURS: readonly Colour[] = [
  { name: 'Black', code: 'BLK', hex: '#23252b' },
  { name: 'White', code: 'WHT', hex: '#f2f0eb' },
  { name: 'Navy', code: 'NAV', hex: '#1f2f55' },
  { name: 'Charcoal', code: 'CHR', hex: '#3d4148' },
  { name: 'Heather Grey', code: 'HGR', hex: '#9a9ca1' },
  { name: 'Olive', code: 'OLV', hex: '#5d6236' },
  { name: 'Forest', code: 'FOR', hex: '#2c4a36' },
  { name: 'Rust', code: 'RST', hex: '#a4492b' },
  { name: 'Sand', code: 'SND', hex: '#cdb891' },
  { name: 'Oatmeal', code: 'OAT', hex: '#ddd2bb' },
  { name: 'Burgundy', code: 'BUR', hex: '#6b2331' },
  { name: 'Slate Blue', code: 'SLB', hex: '#56698a' },
  { name: 'Mustard', code: 'MUS', hex: '#c9982c' },
  { name: 'Clay', code: 'CLY', hex: '#b9775a' },
  { name: 'Sage', code: 'SAG', hex: '#9aab8e' },
  { name: 'Ecru', code: 'ECR', hex: '#e6dcc3' },
  { name: 'Tan', code: 'TAN', hex: '#b08b62' },
  { name: 'Indigo', code: 'IND', hex: '#2e3470' },
];

/** Swatch hex for a colour option value, or undefined for unknown names. */
export function colourHex(name: string): string | undefined {
  return COLOURS.find((c) => c.name === name)?.hex;
}

const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
const WAIST_SIZES = ['28', '30', '32', '34', '36', '38'] as const;
const SHOE_SIZES = ['7', '8', '9', '10', '11', '12'] as const;
const HAT_SIZES = ['S/M', 'L/XL'] as const;
const SOCK_SIZES = ['S', 'M', 'L'] as const;

/** Title prefixes shared by every category, so "Alpine", "Harbor"... recur across the catalog. */
const PREFIXES = [
  'Alpine', 'Harbor', 'Summit', 'Coastal', 'Meridian', 'Trail', 'Nordic', 'Canyon', 'Field', 'Drift',
  'Ridge', 'Pioneer', 'Cascade', 'Granite', 'Timber', 'Northern', 'Boulder', 'Sierra', 'Island',
  'Prairie', 'Glacier', 'Fjord', 'Mesa', 'Redwood', 'Birch', 'Cedar', 'Willow', 'Atlas', 'Voyager',
  'Harvest', 'Lowland', 'Tidal', 'Basecamp', 'Highline', 'Dune', 'Orchard', 'Keystone', 'Lakeside',
  'Foundry', 'Mariner',
] as const;

type OptionScheme = 'size+color' | 'waist+color' | 'shoe' | 'color' | 'hat' | 'sock' | 'color-or-none';

interface CategorySpec {
  slug: string;
  name: string;
  description: string;
  /** SKU prefix, upper case, 4 letters. */
  code: string;
  materials: readonly string[];
  nouns: readonly string[];
  scheme: OptionScheme;
  /** Base price range in whole dollars. */
  price: readonly [number, number];
  /** Sentence fragments describing what the product is good for. */
  uses: readonly string[];
  features: readonly string[];
}

const CATEGORIES: readonly CategorySpec[] = [
  {
    slug: 'hoodies',
    name: 'Hoodies',
    description: 'Fleece, terry and merino hoodies for cold mornings and long evenings.',
    code: 'HOOD',
    materials: ['Fleece', 'Cotton', 'Merino', 'French Terry', 'Heavyweight', 'Organic Cotton', 'Loopback'],
    nouns: ['Hoodie', 'Zip Hoodie', 'Pullover Hoodie', 'Popover Hoodie'],
    scheme: 'size+color',
    price: [55, 140],
    uses: ['early starts at the trailhead', 'lazy Sundays', 'cold mornings by the harbor', 'layering under a shell'],
    features: [
      'a lined hood with flat drawcords',
      'a kangaroo pocket with hidden media sleeve',
      'ribbed cuffs that hold their shape',
      'dropped shoulders for an easy fit',
    ],
  },
  {
    slug: 't-shirts',
    name: 'T-Shirts',
    description: 'Everyday tees in cotton, slub and merino jersey.',
    code: 'TEES',
    materials: ['Cotton', 'Slub', 'Merino', 'Organic Cotton', 'Pima', 'Linen', 'Heavyweight'],
    nouns: ['Tee', 'Pocket Tee', 'Long Sleeve Tee', 'Crew Tee', 'Henley'],
    scheme: 'size+color',
    price: [15, 60],
    uses: ['hot afternoons', 'everyday wear', 'travel days', 'wearing on its own or under a flannel'],
    features: [
      'a tubular body with no side seams',
      'a taped neckline that will not stretch out',
      'a slightly boxy cut',
      'a garment-dyed finish',
    ],
  },
  {
    slug: 'jackets',
    name: 'Jackets',
    description: 'Shells, chore coats and insulated jackets built for real weather.',
    code: 'JACK',
    materials: ['Canvas', 'Waxed Canvas', 'Fleece', 'Down', 'Ripstop', 'Wool', 'Corduroy'],
    nouns: ['Jacket', 'Chore Coat', 'Parka', 'Shell', 'Overshirt', 'Field Jacket'],
    scheme: 'size+color',
    price: [120, 250],
    uses: ['wet commutes', 'weekend hikes', 'shoulder-season layering', 'windy days on the coast'],
    features: [
      'a two-way zip and storm flap',
      'four patch pockets',
      'a packable hood',
      'triple-stitched seams',
    ],
  },
  {
    slug: 'trousers',
    name: 'Trousers',
    description: 'Chinos, work pants and joggers with room to move.',
    code: 'TROU',
    materials: ['Canvas', 'Twill', 'Corduroy', 'Ripstop', 'Stretch Cotton', 'Fleece', 'Denim'],
    nouns: ['Chino', 'Work Pant', 'Jogger', 'Trouser', 'Climbing Pant'],
    scheme: 'waist+color',
    price: [60, 160],
    uses: ['the workshop', 'long travel days', 'bouldering sessions', 'everyday wear'],
    features: [
      'a gusseted crotch',
      'a hidden zip pocket',
      'a tapered leg',
      'reinforced knees',
    ],
  },
  {
    slug: 'shoes',
    name: 'Shoes',
    description: 'Sneakers, boots and slip-ons made to be worn in.',
    code: 'SHOE',
    materials: ['Canvas', 'Suede', 'Leather', 'Merino', 'Knit', 'Waxed Canvas'],
    nouns: ['Sneaker', 'Boot', 'Slip-On', 'Trail Runner', 'Chukka', 'High Top'],
    scheme: 'shoe',
    price: [70, 240],
    uses: ['city walking', 'light trails', 'all-day wear', 'travel'],
    features: [
      'a cushioned cork footbed',
      'a natural rubber outsole',
      'a padded collar',
      'a removable insole',
    ],
  },
  {
    slug: 'bags',
    name: 'Bags',
    description: 'Totes, packs and duffels that carry the day.',
    code: 'BAGS',
    materials: ['Canvas', 'Waxed Canvas', 'Leather', 'Ripstop', 'Nylon', 'Cordura'],
    nouns: ['Tote', 'Backpack', 'Duffel', 'Sling', 'Messenger', 'Rolltop Pack'],
    scheme: 'color',
    price: [35, 220],
    uses: ['the daily commute', 'market runs', 'weekend trips', 'carrying a laptop'],
    features: [
      'a padded laptop sleeve',
      'brass hardware',
      'a water-resistant base',
      'an adjustable webbing strap',
    ],
  },
  {
    slug: 'hats',
    name: 'Hats',
    description: 'Beanies, caps and bucket hats for every season.',
    code: 'HATS',
    materials: ['Merino', 'Wool', 'Canvas', 'Cotton', 'Fleece', 'Corduroy'],
    nouns: ['Beanie', 'Cap', 'Bucket Hat', 'Five-Panel Cap', 'Watch Cap'],
    scheme: 'hat',
    price: [18, 55],
    uses: ['cold mornings', 'sunny afternoons', 'windy ridgelines', 'everyday wear'],
    features: [
      'a fold-over cuff',
      'an adjustable strap',
      'a soft unstructured crown',
      'a moisture-wicking band',
    ],
  },
  {
    slug: 'socks',
    name: 'Socks',
    description: 'Merino and cotton socks, from crew to hiking weight.',
    code: 'SOCK',
    materials: ['Merino', 'Cotton', 'Wool', 'Organic Cotton', 'Cushioned Merino'],
    nouns: ['Crew Sock', 'Hiking Sock', 'Boot Sock', 'Ankle Sock', 'Sock Three-Pack'],
    scheme: 'sock',
    price: [15, 40],
    uses: ['long hikes', 'everyday wear', 'cold nights', 'running'],
    features: [
      'a reinforced heel and toe',
      'arch support ribbing',
      'a seamless toe',
      'cushioning underfoot',
    ],
  },
  {
    slug: 'knitwear',
    name: 'Knitwear',
    description: 'Sweaters and cardigans in merino, lambswool and cotton.',
    code: 'KNIT',
    materials: ['Merino', 'Lambswool', 'Cotton', 'Cashmere', 'Fisherman', 'Alpaca'],
    nouns: ['Sweater', 'Cardigan', 'Crewneck', 'Quarter Zip', 'Rollneck'],
    scheme: 'size+color',
    price: [80, 240],
    uses: ['cold evenings', 'the office', 'winter travel', 'layering over a tee'],
    features: [
      'a ribbed hem and cuffs',
      'a relaxed fit',
      'saddle shoulders',
      'a fully fashioned knit',
    ],
  },
  {
    slug: 'accessories',
    name: 'Accessories',
    description: 'Belts, wallets, scarves and the small things that finish an outfit.',
    code: 'ACCS',
    materials: ['Leather', 'Canvas', 'Merino', 'Wool', 'Brass', 'Waxed Canvas'],
    nouns: ['Belt', 'Wallet', 'Scarf', 'Card Holder', 'Key Ring', 'Gloves'],
    scheme: 'color-or-none',
    price: [15, 120],
    uses: ['everyday carry', 'gifting', 'cold commutes', 'travel'],
    features: [
      'hand-finished edges',
      'a slim profile',
      'solid brass hardware',
      'a soft brushed finish',
    ],
  },
];

const MATERIAL_SENTENCES: readonly ((m: string) => string)[] = [
  (m) => `Made from ${m.toLowerCase()} that gets better with every wear.`,
  (m) => `The ${m.toLowerCase()} is sourced from mills we have worked with for years.`,
  (m) => `Cut from durable ${m.toLowerCase()} with a soft hand.`,
  (m) => `Built in ${m.toLowerCase()} for comfort that lasts season after season.`,
];

const CARE_SENTENCES: readonly string[] = [
  'Machine wash cold and hang to dry.',
  'Backed by our lifetime repair promise.',
  'Produced in small batches.',
  'Ships in plastic-free packaging.',
];

const IMAGE_VIEWS = ['front view', 'back view', 'detail'] as const;

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
        position,
      };
    });

    // Images: 1–3.
    const firstColour = variants.find((v) => v.options.color)?.options.color;
    const nImages = rng.int(1, 3);
    const images: SeedImage[] = Array.from({ length: nImages }, (_, k) => ({
      key: `products/${slug}/${k + 1}.jpg`,
      alt: `${title}${firstColour ? ` in ${firstColour}` : ''}, ${IMAGE_VIEWS[k] ?? 'detail'}`,
      width: IMAGE_SIZE,
      height: IMAGE_SIZE,
      position: k,
    }));

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
