import { beforeAll, describe, expect, it } from 'vitest';
import { admin, get, newProduct, seedCatalog } from './helpers';

// Navy comes in S and M, Rust only in M: Rust/S does not exist.
const SLUG = 'picker-hoodie';
const variant = (colour: string, size: string, amount: number) => ({
  sku: `PICK-${colour.slice(0, 3).toUpperCase()}-${size}`,
  title: `${size} / ${colour}`,
  options: { size, color: colour },
  price: { amount, currency: 'usd' },
});
const image = (colour: string) => ({ key: `renders/hoodie/${colour.toLowerCase()}/front.jpg`, alt: `Hoodie in ${colour}`, width: 800, height: 800, color: colour });

beforeAll(async () => {
  await seedCatalog(12);
  const res = await admin(
    'POST',
    '/products',
    newProduct(SLUG, {
      variants: [variant('Navy', 'S', 5000), variant('Navy', 'M', 5200), variant('Rust', 'M', 5900)],
      images: [image('Navy'), image('Rust')],
    }),
  );
  expect(res.status).toBe(201);
});

const page = async (query: string) => {
  const res = await get(`/products/${SLUG}${query}`, { headers: { accept: 'text/html' } });
  return { res, text: await res.text() };
};
const hiddenSku = (text: string) => /<input type="hidden" name="sku" value="([^"]+)"/.exec(text)?.[1];
const radio = (text: string, name: string, value: string) =>
  new RegExp(`<input type="radio"[^>]*name="${name}" value="${value}"[^>]*>`).exec(text)?.[0] ?? '';

describe('product page variant choice from the query', () => {
  it('renders the chosen colour and size: radios checked, sku, price, gallery of that colour', async () => {
    const { res, text } = await page('?colour=Rust&size=M');
    expect(res.status).toBe(200);
    expect(hiddenSku(text)).toBe('PICK-RUS-M');
    expect(text).toMatch(/id="product-price">\s*\$59\.00/);
    expect(radio(text, 'colour', 'Rust')).toContain('checked');
    expect(radio(text, 'size', 'M')).toContain('checked');
    expect(text).toMatch(/class="gallery-main"[^>]*renders\/hoodie\/rust\/front\.jpg/);
    // Only the product's own gallery follows the colour (the related products below show their own).
    const gallery = text.slice(text.indexOf('class="gallery"'), text.indexOf('class="related"'));
    expect(gallery).toMatch(/renders\/hoodie\/rust\//);
    expect(gallery).not.toMatch(/<img[^>]*renders\/hoodie\/navy\//);
    // The picker is a GET form on the product's URL: it works without JS.
    expect(text).toMatch(new RegExp(`<form class="variant-picker" method="get" action="/products/${SLUG}"`));
    expect(text).toMatch(/<form class="add-to-cart" method="post" action="\/cart\/items" data-add-to-cart/);
  });

  it('disables a size the chosen colour is not made in, with the reason', async () => {
    const { text } = await page('?colour=Rust');
    expect(hiddenSku(text)).toBe('PICK-RUS-M');
    const small = radio(text, 'size', 'S');
    expect(small).toContain('disabled');
    expect(small).toContain('aria-describedby="opt-size-0-why"');
    expect(text).toMatch(/id="opt-size-0-why">\s*\(not made in Rust\)/);
    expect(radio(text, 'size', 'M')).not.toContain('disabled');
  });

  it('defaults to the first variant and is cached without a query', async () => {
    const first = await page('');
    expect(hiddenSku(first.text)).toBe('PICK-NAV-S');
    expect(first.res.headers.get('cache-control')).toMatch(/s-maxage/);
  });

  it.each([
    ['an unknown colour', '?colour=Purple', 'PICK-NAV-S'],
    ['a combination that does not exist', '?colour=Rust&size=S', 'PICK-RUS-M'],
    ['junk values', '?colour=%3Cscript%3E&size=' + 'x'.repeat(500), 'PICK-NAV-S'],
    ['repeated parameters', '?size=M&size=S', 'PICK-NAV-M'],
  ])('ignores %s: 200 with the nearest real variant, never a 5xx', async (_label, query, sku) => {
    const { res, text } = await page(query);
    expect(res.status).toBe(200);
    expect(hiddenSku(text)).toBe(sku);
    expect(text).not.toContain('<script>');
  });

  it('does not cache a page rendered for an ignored choice, and shares one copy across spellings', async () => {
    const bad = await page('?colour=Purple');
    expect(bad.res.headers.get('cache-control')).toBe('no-store');
    expect((await page('?colour=Purple')).res.headers.get('x-cache')).not.toBe('HIT');

    const a = await page('?colour=Rust&size=M&utm_source=x');
    expect(a.res.headers.get('x-cache')).toMatch(/MISS|HIT/);
    const b = await page('?size=m&color=rust');
    expect(b.res.headers.get('x-cache')).toBe('HIT');
    expect(hiddenSku(b.text)).toBe('PICK-RUS-M');
  });
});
