import { raw } from 'hono/html';
import type { Drop } from '../drops/schemas';
import type { Product, ProductImage } from '../catalog/types';
import { imagesFor, type VariantChoice } from '../catalog/variant-choice';
import { formatMoney, imageUrl, srcset } from './format';
import { VariantPicker } from './variant-picker';
import { BAND_TEXT, type StockBand } from '../stock/bands';

export interface ProductDetailPageProps {
  product: Product;
  /** The variant the query chose (see chooseVariant); null for a product without variants. */
  choice: VariantChoice | null;
  /** Where the live-stock island asks for availability (`GET …?skus=`); omitted, it stays empty. */
  stockSrc?: string | undefined;
  /** The live-stock WebSocket (`…?sku=`), which the island prefers to polling `stockSrc`. */
  liveSrc?: string | undefined;
  /** Each variant's stock band when rendered; the cached copy is dropped when one changes. */
  bands?: Map<string, StockBand> | undefined;
  /** The drop the product's SKUs are sold in, if any: a countdown and the way to its waiting room. */
  drop?: Pick<Drop, 'id' | 'startsAt' | 'perCustomerLimit'> | null;
}

/** Scripts the route should pass to `Layout` for this page. */
export const PRODUCT_DETAIL_SCRIPTS = ['/js/product.js'];

/** The product page: gallery, price, description and an add-to-cart form that works without JS. */
export function ProductDetailPage({ product, choice, stockSrc, liveSrc, bands, drop }: ProductDetailPageProps) {
  const chosen = choice?.variant;
  const band = chosen ? bands?.get(chosen.sku) : undefined;
  const price = chosen?.price ?? product.price;
  const images = imagesFor(product.images, chosen?.options.color);
  const paragraphs = product.description.split(/\n\s*\n/).filter((s) => s.trim() !== '');
  return (
    <article class="product">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li>
            <a href="/">Home</a>
          </li>
          <li>
            <a href="/products">Shop</a>
          </li>
          <li>
            <a href={`/products?${new URLSearchParams({ category: product.category.slug })}`}>
              {product.category.name}
            </a>
          </li>
          <li>
            <a href={`/products/${encodeURIComponent(product.slug)}`} aria-current="page">
              {product.title}
            </a>
          </li>
        </ol>
      </nav>

      <div class="product-layout">
        <Gallery images={images} />

        <div class="product-info">
          <h1>{product.title}</h1>
          <p class="price price-large" id="product-price">
            {formatMoney(price)}
          </p>
          {drop ? <DropBanner drop={drop} /> : null}
          <div class="description">
            {paragraphs.map((text) => (
              <p>{text}</p>
            ))}
          </div>

          {choice && chosen ? (
            <>
              <VariantPicker product={product} choice={choice} />
              <form class="add-to-cart" method="post" action="/cart/items" data-add-to-cart data-item-title={product.title}>
                <input type="hidden" name="sku" value={chosen.sku} />
                <div class="field">
                  <label for="quantity">Quantity</label>
                  <input id="quantity" type="number" name="quantity" min={1} max={99} value={1} inputmode="numeric" required />
                </div>
                <p
                  class="stock"
                  data-stock-skus={product.variants.map((v) => v.sku).join(',')}
                  data-stock-src={stockSrc}
                  data-live-src={liveSrc}
                  data-level={band}
                  aria-live="polite"
                >
                  {band ? BAND_TEXT[band] : ''}
                </p>
                <button class="button" type="submit" disabled={band === 'out'}>
                  Add to cart
                </button>
              </form>
              <script type="application/json" id="product-data">
                {raw(productData(product, bands))}
              </script>
            </>
          ) : (
            <p class="muted">This product is not available to order right now.</p>
          )}
        </div>
      </div>
    </article>
  );
}

/**
 * The page is edge-cached, so the banner never depends on the clock: it carries the start instant
 * and public/js/drop-room.js counts down to it; the waiting room link is there before the start too
 * (joining early is how the random order works).
 */
function DropBanner({ drop }: { drop: NonNullable<ProductDetailPageProps['drop']> }) {
  const when = new Date(drop.startsAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return (
    <div class="drop-banner" data-drop-banner>
      <p>
        <strong>Drop</strong> starts <time datetime={drop.startsAt} data-countdown={drop.startsAt}>{when}</time>. It is sold through a
        waiting room, at most {drop.perCustomerLimit} per customer.
      </p>
      <a class="button" href={`/drops/${drop.id}`}>
        Join the waiting room
      </a>
    </div>
  );
}

function Gallery({ images }: { images: ProductImage[] }) {
  const [main, ...rest] = images;
  if (!main) return <div class="gallery gallery-empty" aria-hidden="true" />;
  return (
    <div class="gallery">
      <img
        class="gallery-main"
        id="product-image"
        src={imageUrl(main.key, { w: 800 })}
        srcset={srcset(main.key)}
        sizes="(min-width: 48rem) 50vw, 100vw"
        width={main.width}
        height={main.height}
        alt={main.alt}
        fetchpriority="high"
        decoding="async"
      />
      {rest.length > 0 ? (
        <ul class="thumbs" role="list">
          {[main, ...rest].map((img, i) => (
            <li>
              <a
                href={imageUrl(img.key, { w: 800 })}
                aria-current={i === 0 ? 'true' : undefined}
                data-src={imageUrl(img.key, { w: 800 })}
                data-srcset={srcset(img.key)}
                data-alt={img.alt}
                data-width={String(img.width)}
                data-height={String(img.height)}
              >
                <img src={imageUrl(img.key, { w: 200 })} width={img.width} height={img.height} alt={img.alt} loading="lazy" decoding="async" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * What product.js needs to follow a choice without a round trip: each variant's options and price,
 * and each image's URLs. `<` is escaped so no value can close the script element.
 */
function productData(product: Product, bands: Map<string, StockBand> | undefined): string {
  const data = {
    variants: product.variants.map((v) => ({ sku: v.sku, options: v.options, price: formatMoney(v.price), band: bands?.get(v.sku) ?? null })),
    images: product.images.map((img) => ({
      color: img.color ?? null,
      alt: img.alt,
      width: img.width,
      height: img.height,
      src: imageUrl(img.key, { w: 800 }),
      srcset: srcset(img.key),
      thumb: imageUrl(img.key, { w: 200 }),
    })),
  };
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
