import type { Destination, ShippingMethod, ShippingOption, ShippingZone } from './types';

export interface ShippingQuote {
  options: ShippingOption[];
  chosen: ShippingOption | null;
  refusal: 'no_zone' | 'no_method' | null;
}

/**
 * The zone that ships to `destination`: one whose matching area names the destination's region
 * beats one that matches the whole country; otherwise the first in input order.
 */
export function matchZone(zones: readonly ShippingZone[], destination: Destination): ShippingZone | null {
  let countryWide: ShippingZone | null = null;
  for (const zone of zones) {
    const matching = zone.areas.filter(
      (area) =>
        area.country === destination.country &&
        (area.regions === null || (destination.region !== null && area.regions.includes(destination.region))),
    );
    if (matching.some((area) => area.regions !== null)) return zone;
    if (matching.length > 0) countryWide ??= zone;
  }
  return countryWide;
}

/** A method's price for this weight; null when no band takes it. */
function methodAmount(method: ShippingMethod, weightGrams: number): number | null {
  if (method.rate.type === 'flat') return method.rate.amount;
  return method.rate.bands.find((band) => band.maxGrams >= weightGrams)?.amount ?? null;
}

/**
 * What ships an order of `weightGrams` to `destination`, cheapest first (ties in the zone's order),
 * free where `discountedSubtotal` (after product and order discounts) reaches a method's `freeAbove`.
 * The chosen option is `optionId` when offered, else the cheapest.
 */
export function quoteShipping(
  zones: readonly ShippingZone[],
  destination: Destination,
  weightGrams: number,
  discountedSubtotal: number,
  optionId: string | null,
): ShippingQuote {
  const zone = matchZone(zones, destination);
  if (!zone) return { options: [], chosen: null, refusal: 'no_zone' };
  const options = zone.methods
    .flatMap((method): ShippingOption[] => {
      const amount = methodAmount(method, weightGrams);
      if (amount === null) return [];
      const free = method.freeAbove !== null && discountedSubtotal >= method.freeAbove;
      const { id, title, estimatedDays } = method;
      return [{ id, title, amount: free ? 0 : amount, estimatedDays: { ...estimatedDays } }];
    })
    .sort((a, b) => a.amount - b.amount);
  if (options.length === 0) return { options, chosen: null, refusal: 'no_method' };
  const chosen = options.find((option) => option.id === optionId) ?? options[0]!;
  return { options, chosen, refusal: null };
}
