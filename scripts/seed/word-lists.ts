/**
 * Word lists and category specifications of the deterministic demo catalog (data, split from
 * generate.ts so the generator itself stays readable). Pure: no imports.
 */


export interface Colour {
  name: string;
  code: string;
  /** Swatch colour, used by the image renderer. */
  hex: string;
}

export const COLOURS: readonly Colour[] = [
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

export const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
export const WAIST_SIZES = ['28', '30', '32', '34', '36', '38'] as const;
export const SHOE_SIZES = ['7', '8', '9', '10', '11', '12'] as const;
export const HAT_SIZES = ['S/M', 'L/XL'] as const;
export const SOCK_SIZES = ['S', 'M', 'L'] as const;

/** Title prefixes shared by every category, so "Alpine", "Harbor"... recur across the catalog. */
export const PREFIXES = [
  'Alpine', 'Harbor', 'Summit', 'Coastal', 'Meridian', 'Trail', 'Nordic', 'Canyon', 'Field', 'Drift',
  'Ridge', 'Pioneer', 'Cascade', 'Granite', 'Timber', 'Northern', 'Boulder', 'Sierra', 'Island',
  'Prairie', 'Glacier', 'Fjord', 'Mesa', 'Redwood', 'Birch', 'Cedar', 'Willow', 'Atlas', 'Voyager',
  'Harvest', 'Lowland', 'Tidal', 'Basecamp', 'Highline', 'Dune', 'Orchard', 'Keystone', 'Lakeside',
  'Foundry', 'Mariner',
] as const;

export type OptionScheme = 'size+color' | 'waist+color' | 'shoe' | 'color' | 'hat' | 'sock' | 'color-or-none';

export interface CategorySpec {
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
  /** Shipping weight of one unit in grams (the smallest size; larger sizes add a little). */
  grams: number;
  /** Sentence fragments describing what the product is good for. */
  uses: readonly string[];
  features: readonly string[];
}

export const CATEGORIES: readonly CategorySpec[] = [
  {
    slug: 'hoodies',
    name: 'Hoodies',
    description: 'Fleece, terry and merino hoodies for cold mornings and long evenings.',
    code: 'HOOD',
    materials: ['Fleece', 'Cotton', 'Merino', 'French Terry', 'Heavyweight', 'Organic Cotton', 'Loopback'],
    nouns: ['Hoodie', 'Zip Hoodie', 'Pullover Hoodie', 'Popover Hoodie'],
    scheme: 'size+color',
    price: [55, 140],
    grams: 650,
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
    grams: 180,
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
    grams: 900,
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
    grams: 550,
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
    grams: 1100,
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
    grams: 800,
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
    grams: 120,
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
    grams: 80,
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
    grams: 450,
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
    grams: 150,
    uses: ['everyday carry', 'gifting', 'cold commutes', 'travel'],
    features: [
      'hand-finished edges',
      'a slim profile',
      'solid brass hardware',
      'a soft brushed finish',
    ],
  },
];

export const MATERIAL_SENTENCES: readonly ((m: string) => string)[] = [
  (m) => `Made from ${m.toLowerCase()} that gets better with every wear.`,
  (m) => `The ${m.toLowerCase()} is sourced from mills we have worked with for years.`,
  (m) => `Cut from durable ${m.toLowerCase()} with a soft hand.`,
  (m) => `Built in ${m.toLowerCase()} for comfort that lasts season after season.`,
];

export const CARE_SENTENCES: readonly string[] = [
  'Machine wash cold and hang to dry.',
  'Backed by our lifetime repair promise.',
  'Produced in small batches.',
  'Ships in plastic-free packaging.',
];

