import type { Destination } from '../pricing/types';
import { requiresRegion } from './regions';
import type { ShippingAddress } from './schema';

/**
 * What pricing needs of an address. Only a region the schema normalized to an ISO 3166-2 code (US, CA,
 * AU) is passed on: elsewhere the region is free text, which no zone or tax rate could match.
 *
 * @example
 * destinationOf({ country: 'US', region: 'CA', … }); // { country: 'US', region: 'CA' }
 */
export const destinationOf = (address: Pick<ShippingAddress, 'country' | 'region'>): Destination => ({
  country: address.country,
  region: requiresRegion(address.country) ? (address.region ?? null) : null,
});
