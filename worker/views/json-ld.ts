import type { Product } from '../catalog/types';
import { hasPriceRange, imageUrl, moneyToDecimal } from './format';

/**
 * JSON for a `<script type="application/ld+json">` body. `<`, `>`, `&` and the JS line separators
 * are escaped so text from the catalog can never close the script element.
 */
export function serializeJsonLd(data: object): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * schema.org Product. Availability is deliberately absent: this ends up in cached HTML,
 * and stock changes faster than the cache.
 * @example productJsonLd(product, 'https://shop.example/products/mug', 'https://shop.example')
 */
export function productJsonLd(p: Product, url: string, imageBase: string): Record<string, unknown> {
  const prices = p.variants.map((v) => v.price);
  const currency = (p.price.currency || prices[0]?.currency || 'usd').toUpperCase();
  let offers: Record<string, unknown>;
  if (prices.length > 1 && hasPriceRange(prices)) {
    const amounts = prices.map((m) => m.amount);
    offers = {
      '@type': 'AggregateOffer',
      priceCurrency: currency,
      lowPrice: moneyToDecimal({ amount: Math.min(...amounts), currency }),
      highPrice: moneyToDecimal({ amount: Math.max(...amounts), currency }),
      offerCount: prices.length,
      url,
    };
  } else {
    offers = {
      '@type': 'Offer',
      priceCurrency: currency,
      price: moneyToDecimal(prices[0] ?? p.price),
      url,
    };
  }
  const single = p.variants.length === 1 ? p.variants[0] : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.title,
    description: p.description,
    url,
    ...(single ? { sku: single.sku } : {}),
    category: p.category.name,
    // imageUrl() answers an absolute path, so the origin in front makes it an absolute URL.
    image: p.images.map((img) => imageBase + imageUrl(img.key, { w: 800 })),
    offers,
  };
}

/** schema.org BreadcrumbList from absolute URLs, outermost first. */
export function breadcrumbJsonLd(items: ReadonlyArray<{ name: string; url: string }>): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: item.name,
      item: item.url,
    })),
  };
}
