import { invalidRequest, parameterInvalid, parameterMissing } from './errors.js';
import {
  asArray,
  metadata as parseMetadata,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredString,
  type Params,
} from './params.js';
import { parsePaymentIntentData, parseShippingOptions, type ShippingRateInput } from './shipping-params.js';
import type { Metadata, PaymentIntentShipping } from './types.js';

export interface LineInput {
  name: string;
  unitAmount: number;
  quantity: number;
}

export interface SessionInput {
  uiMode: string;
  embedded: boolean;
  lines: LineInput[];
  currency: string;
  customerEmail: string | null;
  clientReferenceId: string | null;
  metadata: Metadata;
  successUrl: string | null;
  cancelUrl: string | null;
  returnUrl: string | null;
  expiresAt: number;
  /** The first is the one selected (a hosted page with one option has no choice). */
  shippingRates: ShippingRateInput[];
  shipping: PaymentIntentShipping | null;
  /** Accepted but without effect here; logged so nobody mistakes them for emulated. */
  ignoredParams: string[];
}

const KNOWN_PARAMS = new Set([
  'mode',
  'ui_mode',
  'line_items',
  'customer_email',
  'client_reference_id',
  'metadata',
  'success_url',
  'cancel_url',
  'return_url',
  'expires_at',
  'expand',
  'shipping_options',
  'payment_intent_data',
]);

const MIN_LIFETIME_SECONDS = 30 * 60;
const MAX_LIFETIME_SECONDS = 24 * 60 * 60;
// Current API versions say hosted_page/embedded_page; older ones (and many examples) hosted/embedded.
const HOSTED_MODES = new Set(['hosted_page', 'hosted']);
const EMBEDDED_MODES = new Set(['embedded_page', 'embedded']);

function url(params: Params, key: string): string | null {
  const value = optionalString(params, key);
  if (value === undefined || value === '') return null;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw parameterInvalid(key, 'Not a valid URL', 'url_invalid');
  }
  return value;
}

function parseLine(item: Params, index: number): { line: LineInput; currency: string } {
  const prefix = `line_items[${index}]`;
  if (item.price !== undefined) {
    throw parameterInvalid(`${prefix}[price]`, 'The local Stripe emulator has no Price objects: use line_items[][price_data] instead.');
  }
  const priceData = optionalObject(item, 'price_data', `${prefix}[price_data]`);
  if (!priceData) throw parameterMissing(`${prefix}[price_data]`);
  const currency = requiredString(priceData, 'currency', `${prefix}[price_data][currency]`).toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) {
    throw parameterInvalid(`${prefix}[price_data][currency]`, `Invalid currency: ${currency}. Stripe currently supports these currencies: usd, eur, gbp, …`);
  }
  const unitAmountParam = `${prefix}[price_data][unit_amount]`;
  const unitAmount = optionalInteger(priceData, 'unit_amount', unitAmountParam);
  if (unitAmount === undefined) throw parameterMissing(unitAmountParam);
  if (unitAmount < 0) throw parameterInvalid(unitAmountParam, 'This value must be greater than or equal to 0.');
  const productData = optionalObject(priceData, 'product_data', `${prefix}[price_data][product_data]`);
  if (!productData) throw parameterMissing(`${prefix}[price_data][product_data]`);
  const name = requiredString(productData, 'name', `${prefix}[price_data][product_data][name]`);
  const quantityParam = `${prefix}[quantity]`;
  const quantity = optionalInteger(item, 'quantity', quantityParam);
  if (quantity === undefined) throw parameterMissing(quantityParam);
  if (quantity < 1) throw parameterInvalid(quantityParam, 'This value must be greater than or equal to 1.');
  return { line: { name, unitAmount, quantity }, currency };
}

function parseExpiresAt(params: Params, nowSeconds: number): number {
  const expiresAt = optionalInteger(params, 'expires_at');
  if (expiresAt === undefined) return nowSeconds + MAX_LIFETIME_SECONDS;
  if (expiresAt - nowSeconds < MIN_LIFETIME_SECONDS) {
    throw parameterInvalid('expires_at', 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.');
  }
  if (expiresAt - nowSeconds > MAX_LIFETIME_SECONDS) {
    throw parameterInvalid('expires_at', 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.');
  }
  return expiresAt;
}

export function parseSessionParams(params: Params, nowSeconds: number): SessionInput {
  const mode = requiredString(params, 'mode');
  if (mode !== 'payment') {
    throw parameterInvalid('mode', `The local Stripe emulator only supports mode=payment (got '${mode}').`);
  }
  const uiMode = optionalString(params, 'ui_mode') ?? 'hosted_page';
  const embedded = EMBEDDED_MODES.has(uiMode);
  if (!embedded && !HOSTED_MODES.has(uiMode)) {
    throw parameterInvalid('ui_mode', `The local Stripe emulator supports ui_mode hosted_page and embedded_page (got '${uiMode}').`);
  }

  const items = asArray(params.line_items, 'line_items');
  if (items.length === 0) throw parameterMissing('line_items');
  if (items.length > 100) throw parameterInvalid('line_items', 'You may only specify up to 100 line items.');
  const parsed = items.map(parseLine);
  const currency = parsed[0]!.currency;
  const otherCurrency = parsed.findIndex((p) => p.currency !== currency);
  if (otherCurrency !== -1) {
    throw parameterInvalid(`line_items[${otherCurrency}][price_data][currency]`, 'All line items must use the same currency.');
  }

  const customerEmail = optionalString(params, 'customer_email') || null;
  if (customerEmail !== null && !/^[^\s@]+@[^\s@]+$/.test(customerEmail)) {
    throw parameterInvalid('customer_email', `Invalid email address: ${customerEmail}`, 'email_invalid');
  }
  const clientReferenceId = optionalString(params, 'client_reference_id') || null;
  if (clientReferenceId !== null && clientReferenceId.length > 200) {
    throw parameterInvalid('client_reference_id', 'client_reference_id can have up to 200 characters.');
  }

  const successUrl = url(params, 'success_url');
  const cancelUrl = url(params, 'cancel_url');
  const returnUrl = url(params, 'return_url');
  if (embedded) {
    if (returnUrl === null) throw parameterMissing('return_url');
    if (successUrl !== null) throw parameterInvalid('success_url', `You cannot set success_url when ui_mode is ${uiMode}; use return_url.`);
    if (cancelUrl !== null) throw parameterInvalid('cancel_url', `You cannot set cancel_url when ui_mode is ${uiMode}.`);
  } else if (returnUrl !== null) {
    throw invalidRequest(`return_url can only be used with ui_mode embedded_page.`, { code: 'parameter_invalid', param: 'return_url' });
  }

  const paymentIntentData = parsePaymentIntentData(params);
  return {
    uiMode,
    embedded,
    lines: parsed.map((p) => p.line),
    currency,
    customerEmail,
    clientReferenceId,
    metadata: parseMetadata(params),
    successUrl,
    cancelUrl,
    returnUrl,
    expiresAt: parseExpiresAt(params, nowSeconds),
    shippingRates: parseShippingOptions(params, currency),
    shipping: paymentIntentData.shipping,
    ignoredParams: [...Object.keys(params).filter((key) => !KNOWN_PARAMS.has(key)), ...paymentIntentData.ignored],
  };
}
