import type { Product, ProductImage, Variant } from '../catalog/types';
import { formatMoney, imageUrl, srcset } from './format';

export interface ProductDetailPageProps {
  product: Product;
  /** Where the live-stock island asks for availability (`GET …?skus=`); omitted, it stays empty. */
  stockSrc?: string | undefined;
}

/** Scripts the route should pass to `Layout` for this page. */
export const PRODUCT_DETAIL_SCRIPTS = ['/js/product.js'];

/** Above this many variants, radios get unwieldy and the picker becomes a `<select>`. */
const MAX_RADIO_VARIANTS = 6;

/** The product page: gallery, price, description and an add-to-cart form that works without JS. */
export function ProductDetailPage({ product, stockSrc }: ProductDetailPageProps) {
  const first = product.variants[0];
  const price = first?.price ?? product.price;
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
        <Gallery images={product.images} />

        <div class="product-info">
          <h1>{product.title}</h1>
          <p class="price price-large" id="product-price">
            {formatMoney(price)}
          </p>
          <div class="description">
            {paragraphs.map((text) => (
              <p>{text}</p>
            ))}
          </div>

          {first ? (
            <form class="add-to-cart" method="post" action="/cart/items" data-add-to-cart data-item-title={product.title}>
              <VariantPicker variants={product.variants} />
              <div class="field">
                <label for="quantity">Quantity</label>
                <input id="quantity" type="number" name="quantity" min={1} max={99} value={1} inputmode="numeric" required />
              </div>
              <p
                class="stock"
                data-stock-skus={product.variants.map((v) => v.sku).join(',')}
                data-stock-src={stockSrc}
                aria-live="polite"
              ></p>
              <button class="button" type="submit">
                Add to cart
              </button>
            </form>
          ) : (
            <p class="muted">This product is not available to order right now.</p>
          )}
        </div>
      </div>
    </article>
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

function VariantPicker({ variants }: { variants: Variant[] }) {
  const only = variants.length === 1 ? variants[0] : undefined;
  if (only) {
    return <input type="hidden" name="sku" value={only.sku} data-price={formatMoney(only.price)} />;
  }
  const legend = pickerLegend(variants);
  if (variants.length > MAX_RADIO_VARIANTS) {
    return (
      <div class="field">
        <label for="sku">{legend}</label>
        <select id="sku" name="sku" required>
          {variants.map((v, i) => (
            <option value={v.sku} data-price={formatMoney(v.price)} selected={i === 0}>
              {v.title} – {formatMoney(v.price)}
            </option>
          ))}
        </select>
      </div>
    );
  }
  return (
    <fieldset class="variants">
      <legend>{legend}</legend>
      {variants.map((v, i) => (
        <div class="variant">
          <input type="radio" id={`sku-${i}`} name="sku" value={v.sku} data-price={formatMoney(v.price)} checked={i === 0} required />
          <label for={`sku-${i}`}>
            <span>{v.title}</span> <span class="variant-price">{formatMoney(v.price)}</span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** "Choose size and colour" from the option names, or a generic prompt. */
function pickerLegend(variants: Variant[]): string {
  const names = [...new Set(variants.flatMap((v) => Object.keys(v.options)))].map((n) => n.toLowerCase());
  if (names.length === 0) return 'Choose an option';
  if (names.length === 1) return `Choose ${names[0]}`;
  return `Choose ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
