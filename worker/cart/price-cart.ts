import type { CartDetails, CartLine } from '../../durable-objects/cart';
import { destinationOf } from '../address';
import { price } from '../pricing/price';
import type { PricedCart, PricingLine } from '../pricing/types';
import { pricingRules, type StoreRules } from '../rules/rules-store';
import type { SkuListing } from './sku-query';
import type { Cart } from './types';

/** The store sells in one currency (admin writes accept only `usd`). */
export const STORE_CURRENCY = 'usd';

/** A cart's contents priced by the one engine (worker/pricing/): the cart answer and checkout both call this. */
export async function priceContents(
  contents: { lines: readonly CartLine[]; details: CartDetails },
  listings: ReadonlyMap<string, SkuListing>,
  rules: StoreRules,
  now = Date.now(),
): Promise<PricedCart> {
  const lines = contents.lines.flatMap((line): PricingLine[] => {
    const listing = listings.get(line.sku);
    if (!listing || listing.unitPrice.currency !== STORE_CURRENCY) return [];
    return [
      {
        sku: line.sku,
        productSlug: listing.productSlug,
        title: listing.title,
        variantTitle: listing.variantTitle,
        categorySlug: listing.categorySlug,
        unitPrice: listing.unitPrice.amount,
        quantity: line.quantity,
        weightGrams: listing.weightGrams,
      },
    ];
  });
  const address = contents.details.shippingAddress;
  return price({
    currency: STORE_CURRENCY,
    lines,
    destination: address ? destinationOf(address) : null,
    codes: contents.details.codes,
    shippingOptionId: contents.details.shippingOption,
    now,
    rules: pricingRules(rules),
  });
}

/** The priced cart as the contract's `Cart`. */
export function cartAnswer(id: string | null, priced: PricedCart, details: CartDetails): Cart {
  const money = (amount: number) => ({ amount, currency: priced.currency });
  return {
    id,
    items: priced.lines.map((l) => ({
      sku: l.sku,
      productSlug: l.productSlug,
      title: l.title,
      variantTitle: l.variantTitle,
      quantity: l.quantity,
      unitPrice: money(l.unitPrice),
      lineTotal: money(l.lineTotal),
      discount: money(l.discount),
    })),
    subtotal: money(priced.subtotal),
    itemCount: priced.lines.reduce((sum, l) => sum + l.quantity, 0),
    discounts: priced.discounts.map((d) => ({ code: d.code, title: d.title, amount: money(d.amount) })),
    discountTotal: money(priced.discountTotal),
    codes: priced.codes,
    shippingAddress: details.shippingAddress,
    shippingOptions: (priced.shippingOptions ?? []).map((o) => ({ ...o, amount: money(o.amount) })),
    shippingOption: priced.shippingOption,
    shipping: priced.shipping === null ? null : money(priced.shipping),
    shippingRefusal: priced.shippingRefusal,
    taxes: priced.taxes.map((t) => ({ title: t.title, rate: t.rate, amount: money(t.amount) })),
    taxTotal: money(priced.taxTotal),
    taxIncluded: priced.taxIncluded,
    total: money(priced.total),
    email: details.email,
  };
}
