import type { Category, Product } from '../catalog/types';
import { ProductGrid } from './product-card';

export interface HomePageProps {
  featured: Product[];
  categories: Category[];
  /** The A/B variant of the hero experiment; 'control' is the baseline copy. */
  hero: { variant: string };
}

const HERO_COPY = {
  control: {
    title: 'Good things, delivered fast',
    lede: 'Thoughtfully made goods for every day, served from the edge so the shop is quick wherever you are.',
    cta: 'Browse the shop',
  },
  bold: {
    title: 'Built to last. Priced to move.',
    lede: 'Our best-loved pieces, ready to ship today. Find your new favourite in seconds.',
    cta: 'Shop the collection',
  },
} as const;

/** The home page: an A/B-testable hero, category links and featured products. */
export function HomePage({ featured, categories, hero }: HomePageProps) {
  const copy = hero.variant === 'control' ? HERO_COPY.control : HERO_COPY.bold;
  return (
    <>
      <section class="hero" data-variant={hero.variant} aria-labelledby="hero-title">
        <h1 id="hero-title">{copy.title}</h1>
        <p class="lede">{copy.lede}</p>
        <p>
          <a class="button" href="/products">
            {copy.cta}
          </a>
        </p>
      </section>

      {categories.length > 0 ? (
        <section aria-labelledby="categories-title">
          <h2 id="categories-title">Shop by category</h2>
          <ul class="chips" role="list">
            {categories.map((c) => (
              <li>
                <a class="chip" href={`/products?${new URLSearchParams({ category: c.slug })}`}>
                  {c.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="featured-title">
        <h2 id="featured-title">Featured</h2>
        {featured.length > 0 ? (
          <ProductGrid products={featured} level={3} />
        ) : (
          <p>
            Nothing featured right now. <a href="/products">See every product</a>.
          </p>
        )}
      </section>
    </>
  );
}
