/**
 * The pricing engine's inputs and output. Every amount is an integer in minor units of `currency`;
 * rates are decimal fractions (`0.0725` is 7.25 %) with at most six decimals.
 */

/** One cart line as D1 has it now (price, weight and category are never taken from a client). */
export interface PricingLine {
  sku: string;
  productSlug: string;
  /** The product's title. */
  title: string;
  /** The variant's title (`M / Navy`, `Default`). */
  variantTitle: string;
  categorySlug: string;
  /** Catalog price of one unit: gross of tax when the store's prices include tax, net otherwise. */
  unitPrice: number;
  quantity: number;
  /** Weight of one unit in grams (shipping by weight). */
  weightGrams: number;
}

/** Where the order ships: ISO 3166-1 alpha-2 country, and the ISO 3166-2 subdivision without its country prefix (`CA` for California). */
export interface Destination {
  country: string;
  region: string | null;
}

/** Shopify's discount classes: what a discount takes money off, and what `combinesWith` names. */
export type DiscountClass = 'product' | 'order' | 'shipping';

export type PromotionType = 'percentage' | 'fixed' | 'free_shipping' | 'buy_x_get_y';

/** What a promotion applies to: the whole order, one category's lines, or some SKUs' lines. */
export type PromotionTarget = 'order' | { category: string } | { skus: string[] };

export interface Promotion {
  id: string;
  /** Upper-case code a shopper enters; null for an automatic promotion, which applies itself. */
  code: string | null;
  title: string;
  type: PromotionType;
  /**
   * percentage: whole percent off (1-100); fixed: minor units off (once per order, spread over the
   * targeted lines); buy_x_get_y: percent off each "get" unit (100 = free); free_shipping: unused (0).
   */
  value: number;
  /** buy_x_get_y only: units to buy, and units that then get `value` percent off. */
  buyQuantity: number | null;
  getQuantity: number | null;
  target: PromotionTarget;
  /** The cart's subtotal (before any discount) must be at least this. */
  minSubtotal: number | null;
  /** Epoch ms; null = no bound. */
  startsAt: number | null;
  endsAt: number | null;
  /** Enforced when an order redeems it (worker/pricing is pure and does not count uses). */
  usageLimit: number | null;
  perCustomerLimit: number | null;
  /** Which other classes this promotion may be combined with; two discounts stack only if both allow it. */
  combinesWith: Record<DiscountClass, boolean>;
  enabled: boolean;
}

export interface ShippingMethod {
  /** Unique across all zones: what `PUT /api/cart/shipping-option` names. */
  id: string;
  title: string;
  rate: { type: 'flat'; amount: number } | { type: 'weight'; bands: { maxGrams: number; amount: number }[] };
  /** Free when the subtotal after product and order discounts is at least this. */
  freeAbove: number | null;
  /** Business days from dispatch to delivery. */
  estimatedDays: { min: number; max: number };
}

/** A set of destinations and the methods that ship there. */
export interface ShippingZone {
  id: string;
  name: string;
  /** Each entry is a country, optionally narrowed to some of its regions. */
  areas: { country: string; regions: string[] | null }[];
  methods: ShippingMethod[];
}

export interface TaxRate {
  country: string;
  /** null: the whole country; else one region (a US state, a Canadian province). Both apply where both exist. */
  region: string | null;
  title: string;
  rate: number;
  /** Whether shipping is taxed at this rate too (a per-region rule). */
  appliesToShipping: boolean;
}

/** What a tax calculator is asked: amounts after discounts, in the store's price basis. */
export interface TaxRequest {
  currency: string;
  destination: Destination;
  /** Prices include tax (EU-style): the tax is the portion already inside each amount. */
  included: boolean;
  items: { key: string; kind: 'line' | 'shipping'; amount: number }[];
}

export interface TaxLine {
  title: string;
  rate: number;
  amount: number;
}

export interface TaxResult {
  /** Per requested item, each tax on it, rounded per item in minor units. */
  items: { key: string; taxes: TaxLine[] }[];
}

/** Swappable: the table in D1 today (table-tax.ts), an external tax service later. */
export interface TaxCalculator {
  calculate(request: TaxRequest): Promise<TaxResult>;
}

export interface PricingRules {
  promotions: Promotion[];
  zones: ShippingZone[];
  taxIncluded: boolean;
  tax: TaxCalculator;
}

export interface PriceInput {
  currency: string;
  lines: PricingLine[];
  destination: Destination | null;
  /** Codes the shopper entered, upper-case, in the order entered. */
  codes: string[];
  /** The shipping method the shopper chose; null or no longer offered: the cheapest offered. */
  shippingOptionId: string | null;
  /** Epoch ms, for promotion windows. */
  now: number;
  rules: PricingRules;
}

/** Why an entered code takes nothing off. */
export type CodeRejection =
  | 'unknown'
  | 'not_started'
  | 'expired'
  | 'min_subtotal'
  | 'not_applicable'
  | 'not_combinable';

export interface CodeStatus {
  code: string;
  applied: boolean;
  reason: CodeRejection | null;
}

export interface AppliedDiscount {
  promotionId: string;
  code: string | null;
  title: string;
  class: DiscountClass;
  amount: number;
  /** How `amount` is spread over the lines (sums to `amount`); empty for a shipping discount. */
  allocations: { sku: string; amount: number }[];
}

export interface ShippingOption {
  id: string;
  title: string;
  /** Its price for this cart (0 when free above a subtotal), before shipping discounts. */
  amount: number;
  estimatedDays: { min: number; max: number };
}

export interface PricedLine extends PricingLine {
  /** unitPrice × quantity. */
  lineTotal: number;
  /** Product and order discounts allocated to this line. */
  discount: number;
  /** Tax on `lineTotal - discount` (inside it when taxIncluded). */
  tax: number;
}

export interface PricedCart {
  currency: string;
  lines: PricedLine[];
  /** Sum of lineTotal. */
  subtotal: number;
  discounts: AppliedDiscount[];
  /** Sum of discounts[].amount (product, order and shipping). */
  discountTotal: number;
  /** null until there is a destination ("calculated at checkout"); cheapest first. */
  shippingOptions: ShippingOption[] | null;
  shippingOption: string | null;
  /** The chosen option's amount before shipping discounts; null without a destination or option. */
  shipping: number | null;
  /** Set when there is a destination but nothing ships there. */
  shippingRefusal: 'no_zone' | 'no_method' | null;
  taxes: TaxLine[];
  taxTotal: number;
  taxIncluded: boolean;
  /** subtotal − discountTotal + (shipping ?? 0) + (taxIncluded ? 0 : taxTotal); never negative. */
  total: number;
  codes: CodeStatus[];
}
