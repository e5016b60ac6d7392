import type { Product } from '../catalog/types';
import { ProductGrid } from './product-card';

/** "You may also like": products from the same category sharing sizes and colours (catalog/related.ts). */
export function RelatedProducts({ products }: { products: Product[] }) {
  if (products.length === 0) return null;
  return (
    <section class="related" aria-labelledby="related-title">
      <h2 id="related-title">You may also like</h2>
      <ProductGrid products={products} level={3} eagerCount={0} />
    </section>
  );
}
