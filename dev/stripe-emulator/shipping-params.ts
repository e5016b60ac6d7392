import { invalidRequest, parameterInvalid, parameterMissing } from './errors.js';
import { asArray, metadata as parseMetadata, optionalInteger, optionalObject, optionalString, requiredString, type Params } from './params.js';
import type { Address, Metadata, PaymentIntentShipping } from './types.js';

const DELIVERY_UNITS = new Set(['business_day', 'day', 'hour', 'week', 'month']);
const MAX_SHIPPING_OPTIONS = 5;

export interface DeliveryBound {
  unit: string;
  value: number;
}

/** A `shipping_rate_data` as given; the session store turns it into a ShippingRate (`shr_…`). */
export interface ShippingRateInput {
  displayName: string;
  amount: number;
  currency: string;
  deliveryEstimate: { minimum: DeliveryBound | null; maximum: DeliveryBound | null } | null;
  metadata: Metadata;
}

function deliveryBound(estimate: Params, key: 'minimum' | 'maximum', prefix: string): DeliveryBound | null {
  const bound = optionalObject(estimate, key, `${prefix}[${key}]`);
  if (!bound) return null;
  const unit = requiredString(bound, 'unit', `${prefix}[${key}][unit]`);
  if (!DELIVERY_UNITS.has(unit)) {
    throw parameterInvalid(`${prefix}[${key}][unit]`, `Invalid ${prefix}[${key}][unit]: must be one of business_day, day, hour, week, or month`);
  }
  const value = optionalInteger(bound, 'value', `${prefix}[${key}][value]`);
  if (value === undefined) throw parameterMissing(`${prefix}[${key}][value]`);
  if (value < 1) throw parameterInvalid(`${prefix}[${key}][value]`, 'This value must be greater than or equal to 1.');
  return { unit, value };
}

function parseRate(option: Params, index: number, sessionCurrency: string): ShippingRateInput {
  const prefix = `shipping_options[${index}]`;
  if (option.shipping_rate !== undefined) {
    throw parameterInvalid(`${prefix}[shipping_rate]`, 'The local Stripe emulator has no ShippingRate objects: use shipping_options[][shipping_rate_data] instead.');
  }
  const data = optionalObject(option, 'shipping_rate_data', `${prefix}[shipping_rate_data]`);
  if (!data) throw parameterMissing(`${prefix}[shipping_rate_data]`);
  const at = `${prefix}[shipping_rate_data]`;
  const type = optionalString(data, 'type', `${at}[type]`) ?? 'fixed_amount';
  if (type !== 'fixed_amount') throw parameterInvalid(`${at}[type]`, `Invalid ${at}[type]: must be fixed_amount`);
  const displayName = requiredString(data, 'display_name', `${at}[display_name]`);
  if (displayName.length > 100) throw parameterInvalid(`${at}[display_name]`, 'display_name can have up to 100 characters.');
  const fixed = optionalObject(data, 'fixed_amount', `${at}[fixed_amount]`);
  if (!fixed) throw parameterMissing(`${at}[fixed_amount]`);
  const amount = optionalInteger(fixed, 'amount', `${at}[fixed_amount][amount]`);
  if (amount === undefined) throw parameterMissing(`${at}[fixed_amount][amount]`);
  if (amount < 0) throw parameterInvalid(`${at}[fixed_amount][amount]`, 'This value must be greater than or equal to 0.');
  const currency = requiredString(fixed, 'currency', `${at}[fixed_amount][currency]`).toLowerCase();
  if (currency !== sessionCurrency) {
    throw invalidRequest(
      `The currency of the shipping rate (${currency}) must match the currency of the line items (${sessionCurrency}).`,
      { code: 'parameter_invalid', param: `${at}[fixed_amount][currency]` },
    );
  }
  const estimate = optionalObject(data, 'delivery_estimate', `${at}[delivery_estimate]`);
  const deliveryEstimate = estimate
    ? { minimum: deliveryBound(estimate, 'minimum', `${at}[delivery_estimate]`), maximum: deliveryBound(estimate, 'maximum', `${at}[delivery_estimate]`) }
    : null;
  return { displayName, amount, currency, deliveryEstimate, metadata: parseMetadata(data) };
}

/** `shipping_options[][shipping_rate_data]` (fixed amounts only); the first is the selected one. */
export function parseShippingOptions(params: Params, sessionCurrency: string): ShippingRateInput[] {
  const options = asArray(params.shipping_options, 'shipping_options');
  if (options.length > MAX_SHIPPING_OPTIONS) {
    throw parameterInvalid('shipping_options', `You can specify up to ${MAX_SHIPPING_OPTIONS} shipping options.`);
  }
  return options.map((option, index) => parseRate(option, index, sessionCurrency));
}

function addressOf(shipping: Params, at: string): Address {
  const address = optionalObject(shipping, 'address', `${at}[address]`);
  if (!address) throw parameterMissing(`${at}[address]`);
  const field = (key: string) => optionalString(address, key, `${at}[address][${key}]`) || null;
  const country = field('country');
  if (country !== null && !/^[A-Za-z]{2}$/.test(country)) {
    throw parameterInvalid(`${at}[address][country]`, `Country '${country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`);
  }
  return {
    city: field('city'),
    country: country?.toUpperCase() ?? null,
    line1: requiredString(address, 'line1', `${at}[address][line1]`),
    line2: field('line2'),
    postal_code: field('postal_code'),
    state: field('state'),
  };
}

/**
 * `payment_intent_data[shipping]`, the one `payment_intent_data` field emulated; the others are
 * returned as ignored parameter names.
 */
export function parsePaymentIntentData(params: Params): { shipping: PaymentIntentShipping | null; ignored: string[] } {
  const data = optionalObject(params, 'payment_intent_data');
  if (!data) return { shipping: null, ignored: [] };
  const ignored = Object.keys(data)
    .filter((key) => key !== 'shipping')
    .map((key) => `payment_intent_data[${key}]`);
  const at = 'payment_intent_data[shipping]';
  const shipping = optionalObject(data, 'shipping', at);
  if (!shipping) return { shipping: null, ignored };
  return {
    shipping: {
      address: addressOf(shipping, at),
      carrier: optionalString(shipping, 'carrier', `${at}[carrier]`) || null,
      name: requiredString(shipping, 'name', `${at}[name]`),
      phone: optionalString(shipping, 'phone', `${at}[phone]`) || null,
      tracking_number: optionalString(shipping, 'tracking_number', `${at}[tracking_number]`) || null,
    },
    ignored,
  };
}
