/**
 * Which pictures a seeded product gets. PURE (runs in workerd tests too): a product is drawn as one of
 * a few models (a hoodie, a sneaker, a tote…) in each of its colours, from three views. Pictures are
 * keyed by (model, colour, view), not by product, so the seed renders each once and every product of
 * that model and colour reuses it: ~1,000 product images come from a few hundred renders.
 */
import { COLOURS } from './word-lists';

export type ImageModel =
  | 'hoodie' | 'zipHoodie' | 'tee' | 'jacket' | 'sweater' | 'trousers' | 'sneaker' | 'boot' | 'tote' | 'backpack'
  | 'beanie' | 'cap' | 'sock' | 'wallet' | 'scarf' | 'belt' | 'glove';

export const RENDER_VIEWS = [
  { id: 'front', label: 'front view' },
  { id: 'angle', label: 'three-quarter view' },
  { id: 'detail', label: 'close-up of the fabric' },
] as const;

export type RenderView = (typeof RENDER_VIEWS)[number]['id'];

export interface RenderJob {
  model: ImageModel;
  /** A name from COLOURS. */
  colour: string;
  view: RenderView;
}

/** The model for a product: its category's, or one its title's noun names (a backpack among bags). */
const BY_CATEGORY: Record<string, { model: ImageModel; nouns?: [RegExp, ImageModel][] }> = {
  hoodies: { model: 'hoodie', nouns: [[/Zip/, 'zipHoodie']] },
  't-shirts': { model: 'tee' },
  jackets: { model: 'jacket' },
  trousers: { model: 'trousers' },
  shoes: { model: 'sneaker', nouns: [[/Boot|Chukka|High Top/, 'boot']] },
  bags: { model: 'tote', nouns: [[/Backpack|Rolltop|Sling/, 'backpack']] },
  hats: { model: 'beanie', nouns: [[/(?<!Watch )Cap$|Bucket Hat/, 'cap']] },
  socks: { model: 'sock' },
  knitwear: { model: 'sweater' },
  accessories: {
    model: 'wallet',
    nouns: [
      [/Scarf/, 'scarf'],
      [/Belt/, 'belt'],
      [/Gloves/, 'glove'],
    ],
  },
};

export function imageModel(categorySlug: string, title: string): ImageModel {
  const spec = BY_CATEGORY[categorySlug];
  return spec?.nouns?.find(([noun]) => noun.test(title))?.[1] ?? spec?.model ?? 'tote';
}

/** FNV-1a, 32-bit. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Products without a colour option are still drawn in one, picked from the slug. */
export const fallbackColour = (slug: string): string => (COLOURS[hash(slug) % COLOURS.length] ?? COLOURS[0]!).name;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The R2 key of one render, shared by every product of that model and colour. */
export const renderKey = ({ model, colour, view }: RenderJob): string => `renders/${model}/${slug(colour)}/${view}.jpg`;
