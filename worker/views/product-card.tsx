import type { Product } from '../catalog/types';
import { formatMoney, hasPriceRange, imageUrl, srcset } from './format';

export interface ProductCardProps {
  product: Product;
  /** Heading level of the card title, so it fits the page outline. */
  level?: 2 | 3;
  /** Load eagerly; for the first row above the fold. */
  eager?: boolean;
  /** Fetch before other images (`fetchpriority="high"`): the grid's first image, the likely LCP element. */
  priority?: boolean;
}

/** A product tile for grids: image, linked title, price ("from" when variants differ). */
export function ProductCard({ product, level = 3, eager = false, priority = false }: ProductCardProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const image = product.images[0];
  const href = `/products/${encodeURIComponent(product.slug)}`;
  const ranged = hasPriceRange(product.variants.map((v) => v.price));
  return (
    <article class="card">
      {image ? (
        <img
          class="card-img"
          src={imageUrl(image.key, { w: 400 })}
          srcset={srcset(image.key)}
          sizes="(min-width: 64rem) 18rem, (min-width: 40rem) 45vw, 90vw"
          width={image.width}
          height={image.height}
          alt={image.alt}
          loading={eager ? 'eager' : 'lazy'}
          fetchpriority={eager && priority ? 'high' : undefined}
          decoding="async"
        />
      ) : (
        <div class="card-img card-img-empty" aria-hidden="true" />
      )}
      <div class="card-body">
        <Heading class="card-title">
          <a href={href}>{product.title}</a>
        </Heading>
        <p class="price">
          {ranged ? <span class="from">from </span> : null}
          {formatMoney(product.price)}
        </p>
      </div>
    </article>
  );
}

export interface ProductGridProps {
  products: Product[];
  level?: 2 | 3;
  /** How many leading cards load eagerly (those likely above the fold). */
  eagerCount?: number;
}

/** A list of product cards. */
export function ProductGrid({ products, level = 3, eagerCount = 0 }: ProductGridProps) {
  return (
    <ul class="grid" role="list">
      {products.map((p, i) => (
        <li>
          <ProductCard product={p} level={level} eager={i < eagerCount} priority={i === 0} />
        </li>
      ))}
    </ul>
  );
}
