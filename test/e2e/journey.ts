import type { Page } from 'playwright-core';

/**
 * One shopper's whole journey as named steps, shared by `npm run synthetic` (scripts/synthetic.ts)
 * and the browser tests. Selectors are roles and labels, and the flow does not care whether adding to
 * the cart reloads the page or opens a drawer: after the add it goes to /cart itself.
 */
export interface JourneyOptions {
  base: string;
  /** Search term typed in the header; by default the first word of the product picked while browsing. */
  search?: string;
  email?: string;
  /** Wait for `shipped` too (a warehouse is wired: the emulator's locally). */
  expectShipped?: boolean;
  /** How long to wait for the order to be paid, then shipped (webhooks and the warehouse are queued). */
  settleMs?: number;
  /** Sent with the journey's own API reads (a version override header during a gradual deploy). */
  headers?: Record<string, string>;
}

export interface StepResult {
  step: string;
  ms: number;
  error?: string;
}

export interface JourneyResult {
  ok: boolean;
  steps: StepResult[];
  failedStep?: string;
  orderId?: string;
}

export const US_ADDRESS = { name: 'Ada Lovelace', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201' };

/** Fills the checkout page's contact and address fields by their labels. */
export async function fillAddress(page: Page, email: string, address: Record<string, string>) {
  await page.getByLabel('Email for your receipt').fill(email);
  await page.getByLabel('Full name').fill(address['name']!);
  await page.getByLabel('Address', { exact: true }).fill(address['line1']!);
  await page.getByLabel('City').fill(address['city']!);
  await page.getByLabel('State, province or region').fill(address['region']!);
  await page.getByLabel('ZIP or postal code').fill(address['postalCode']!);
  if (address['country']) await page.getByLabel('Country').selectOption(address['country']);
}

interface Listed {
  slug: string;
  title: string;
  variants: { sku: string }[];
}

interface State {
  product?: Listed;
  orderPath?: string;
  orderId?: string;
}

const fail = (message: string): never => {
  throw new Error(message);
};

let apiHeaders: Record<string, string> = {};

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: apiHeaders });
  if (!res.ok) fail(`GET ${new URL(url).pathname} answered ${res.status}`);
  return (await res.json()) as T;
}

async function orderStatus(base: string, orderPath: string): Promise<string> {
  const url = new URL(orderPath, base);
  const body = await json<{ status: string }>(`${base}/api${url.pathname}${url.search}`);
  return body.status;
}

async function waitForStatus(base: string, orderPath: string, wanted: string[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    last = await orderStatus(base, orderPath);
    if (wanted.includes(last)) return;
    if (last === 'cancelled' || last === 'refunded') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`order is ${last || 'unknown'}, expected ${wanted.join(' or ')}`);
}

/** Picks a product whose every variant is in stock, so whichever variant the page preselects can be bought. */
async function pickProduct(base: string): Promise<Listed> {
  const list = await json<{ items: Listed[] }>(`${base}/api/products?limit=40`);
  const skus = list.items.flatMap((p) => p.variants.map((v) => v.sku)).slice(0, 100);
  const stock = await json<{ items: { sku: string; available: number }[] }>(`${base}/api/stock?skus=${skus.map(encodeURIComponent).join(',')}`);
  const available = new Map(stock.items.map((s) => [s.sku, s.available]));
  const product = list.items.find((p) => p.variants.length > 0 && p.variants.every((v) => (available.get(v.sku) ?? 0) >= 1));
  return product ?? fail('no product in the first 40 has every variant in stock');
}

/** Options left unchosen (option groups without a default) get their first value. */
async function chooseUnsetOptions(page: Page) {
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Add to cart' }) });
  for (const group of await form.locator('fieldset, [role="radiogroup"]').all()) {
    const radios = group.getByRole('radio');
    if ((await radios.count()) > 0 && !(await radios.evaluateAll((els) => els.some((el) => (el as { checked?: boolean }).checked === true)))) {
      await radios.first().check();
    }
  }
}

/** Leaves the checkout page for the provider's, or fails with the notice the store answered instead. */
async function leaveCheckout(page: Page) {
  const deadline = Date.now() + 20_000;
  while (new URL(page.url()).pathname.startsWith('/checkout')) {
    const alert = page.getByRole('alert');
    if ((await alert.count()) > 0) fail(`the store refused: ${(await alert.first().textContent())?.trim()}`);
    if (Date.now() > deadline) fail('the payment page never loaded');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function payOnProviderPage(page: Page) {
  await leaveCheckout(page);
  if (/(^|\.)stripe\.com$/.test(new URL(page.url()).hostname)) {
    // Stripe's hosted Checkout in test mode: the test card that always succeeds.
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242');
    await page.getByLabel(/expiration/i).fill('12 / 34');
    await page.getByLabel(/cvc/i).fill('123');
    await page.getByLabel(/cardholder name|name on card/i).fill(US_ADDRESS.name);
    await page.getByRole('button', { name: /^pay/i }).click();
  } else {
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
  }
  await page.waitForURL(/\/orders\/ord_[^/?]+\?token=/, { timeout: 30_000 });
}

type Step = [name: string, run: (page: Page, state: State) => Promise<void>];

function steps(o: Required<Omit<JourneyOptions, 'search' | 'headers'>> & { search?: string }): Step[] {
  const list: Step[] = [
    [
      'browse',
      async (page, state) => {
        await page.goto(`${o.base}/products`);
        if ((await page.locator('main a[href^="/products/"]').count()) === 0) fail('the listing shows no products');
        state.product = await pickProduct(o.base);
      },
    ],
    [
      'search',
      async (page, state) => {
        const term = o.search ?? state.product!.title.split(/\s+/)[0]!;
        // The header's box: a searchbox, or a combobox once the suggestions script has enhanced it.
        const header = page.getByRole('banner');
        const box = header.getByRole('combobox', { name: 'Search products' }).or(header.getByRole('searchbox', { name: 'Search products' }));
        await box.fill(term);
        await box.press('Enter');
        await page.waitForURL((url) => url.searchParams.get('q') === term);
        const hit = page.locator(`main a[href="/products/${state.product!.slug}"]`).first();
        if ((await hit.count()) === 0) fail(`searching "${term}" did not list ${state.product!.title}`);
        await hit.click();
      },
    ],
    [
      'product',
      async (page, state) => {
        await page.waitForURL((url) => url.pathname === `/products/${state.product!.slug}`);
        const heading = (await page.getByRole('heading', { level: 1 }).textContent())?.trim();
        if (heading !== state.product!.title) fail(`the product page is titled "${heading}"`);
        await chooseUnsetOptions(page);
      },
    ],
    [
      'add to cart',
      async (page, state) => {
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.waitForLoadState('networkidle');
        await page.goto(`${o.base}/cart`);
        const main = (await page.getByRole('main').textContent()) ?? '';
        if (!main.includes(state.product!.title)) fail('the cart does not list the product');
      },
    ],
    [
      'address and shipping',
      async (page) => {
        await page.getByRole('link', { name: 'Check out', exact: true }).click();
        await page.waitForURL((url) => url.pathname === '/checkout');
        await fillAddress(page, o.email, US_ADDRESS);
        const methods = page.locator('input[type="radio"][name="shippingOption"]');
        if ((await methods.count()) > 0 && !(await methods.evaluateAll((els) => els.some((el) => (el as { checked?: boolean }).checked === true)))) {
          await methods.first().check();
        }
      },
    ],
    [
      'pay',
      async (page, state) => {
        await page.getByRole('button', { name: /^(Pay|Continue to payment)/ }).click();
        await payOnProviderPage(page);
        const url = new URL(page.url());
        state.orderPath = `${url.pathname}${url.search}`;
        state.orderId = url.pathname.split('/').pop();
      },
    ],
    ['order paid', async (_page, state) => waitForStatus(o.base, state.orderPath!, ['paid', 'fulfilling', 'shipped'], o.settleMs)],
  ];
  if (o.expectShipped) list.push(['shipped', async (_page, state) => waitForStatus(o.base, state.orderPath!, ['shipped'], o.settleMs)]);
  return list;
}

/** Runs every step in order on a fresh page, timing each, and stops at the first that fails. */
export async function runJourney(page: Page, options: JourneyOptions): Promise<JourneyResult> {
  const state: State = {};
  apiHeaders = options.headers ?? {};
  const results: StepResult[] = [];
  const all = steps({ email: 'synthetic@example.com', expectShipped: true, settleMs: 30_000, ...options });
  for (const [step, run] of all) {
    const started = performance.now();
    try {
      await run(page, state);
      results.push({ step, ms: Math.round(performance.now() - started) });
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
      results.push({ step, ms: Math.round(performance.now() - started), error });
      return { ok: false, steps: results, failedStep: step, orderId: state.orderId };
    }
  }
  return { ok: true, steps: results, orderId: state.orderId };
}
