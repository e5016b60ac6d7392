// The pages bench/lighthouse.mjs audits, found on the running store the way a shopper finds them:
// the home page, the listing, its first product, and the cart and checkout with that product's first
// variant in a cart of their own.

/** Pages kept out of search engines on purpose; their SEO score is reported as excluded, with why. */
export const NOT_FOR_CRAWLERS = {
  cart: 'noindex (`X-Robots-Tag`, `<meta name="robots">`) and robots.txt `Disallow: /cart`: one shopper\u2019s cart is no landing page',
  checkout: 'noindex (`X-Robots-Tag`, `<meta name="robots">`): a checkout step is no landing page',
};

const ok = async (res, what) => {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
};

/** The first `/products/<slug>` link of an HTML page, or undefined. */
export function firstProductSlug(html) {
  return /href="\/products\/([a-z0-9-]+)"/.exec(html)?.[1];
}

/** `cart=...` from Set-Cookie lines, or undefined. */
export function cartCookie(setCookies) {
  return setCookies.map((line) => line.split(';')[0]).find((pair) => pair.startsWith('cart='));
}

/**
 * [{ name, path, headers?, seoExcluded? }] for home, listing, product, cart and checkout on `base`.
 * The cart and checkout carry the `cart` cookie of a cart holding one item.
 */
export async function auditPages(base) {
  const listing = await (await ok(await fetch(`${base}/products`), 'GET /products')).text();
  const slug = firstProductSlug(listing);
  if (!slug) throw new Error('GET /products links no product');
  const product = await (await ok(await fetch(`${base}/api/products/${slug}`), `GET /api/products/${slug}`)).json();
  const sku = product.variants?.[0]?.sku;
  if (!sku) throw new Error(`product ${slug} has no variant`);
  const added = await ok(
    await fetch(`${base}/api/cart/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ sku, quantity: 1 }),
    }),
    `POST /api/cart/items ${sku}`,
  );
  const cookie = cartCookie(added.headers.getSetCookie());
  if (!cookie) throw new Error('POST /api/cart/items set no cart cookie');
  const withCart = { cookie };
  return [
    { name: 'home', path: '/' },
    { name: 'listing', path: '/products' },
    { name: 'product', path: `/products/${slug}` },
    { name: 'cart', path: '/cart', headers: withCart, seoExcluded: NOT_FOR_CRAWLERS.cart },
    { name: 'checkout', path: '/checkout', headers: withCart, seoExcluded: NOT_FOR_CRAWLERS.checkout },
  ];
}
