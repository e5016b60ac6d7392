import type { Money } from '../catalog/types';

const LOCALE = 'en-US';
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  const code = currency.toUpperCase();
  let f = formatters.get(code);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: code });
    formatters.set(code, f);
  }
  return f;
}

/** Digits after the decimal point for a currency (2 for USD, 0 for JPY, 3 for KWD). */
const digitsByCurrency = new Map<string, number>();

export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    // resolvedOptions() builds a fresh object each call: measurable on pages with many prices.
    digits = formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * Money in minor units, formatted for display.
 * @example formatMoney({ amount: 1999, currency: 'usd' }) // "$19.99"
 */
const formatted = new Map<string, string>();

export function formatMoney(m: Money): string {
  // Intl formatting was a measurable share of rendering a product page; a catalog has few distinct
  // prices, so remember them (bounded, in case it has many).
  const key = `${m.currency}:${m.amount}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatterFor(m.currency).format(m.amount / 10 ** minorUnitDigits(m.currency));
    if (formatted.size >= 10_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/**
 * Money as a plain decimal string without float rounding, for schema.org `price`.
 * @example moneyToDecimal({ amount: 1999, currency: 'usd' }) // "19.99"
 */
export function moneyToDecimal(m: Money): string {
  const digits = minorUnitDigits(m.currency);
  const sign = m.amount < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(m.amount));
  if (digits === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/**
 * Path of a resized image served by `GET /img/:options/:key`.
 * @example imageUrl('mugs/blue.jpg', { w: 400 }) // "/img/w=400,q=75,fit=cover,f=auto/mugs/blue.jpg"
 */
const URL_SAFE_KEY = /^[\w.\/-]+$/;

export function imageUrl(key: string, opts: { w: number; q?: number }): string {
  const safeKey = URL_SAFE_KEY.test(key) ? key : key.split('/').map(encodeURIComponent).join('/');
  return `/img/w=${opts.w},q=${opts.q ?? 75},fit=cover,f=auto/${safeKey}`;
}

/** A `srcset` value for the widths the image route allows. */
export function srcset(key: string, widths: readonly number[] = [200, 400, 800]): string {
  return widths.map((w) => `${imageUrl(key, { w })} ${w}w`).join(', ');
}

/** Whether a product's variants have more than one price, so listings say "from". */
export function hasPriceRange(prices: readonly Money[]): boolean {
  const first = prices[0];
  return prices.some((p) => p.amount !== first?.amount || p.currency !== first?.currency);
}
