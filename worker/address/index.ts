export { countryOptions, type CountryOption } from './countries';
export { destinationOf } from './destination';
export { formatAddress } from './format';
export { regionOptions, type RegionOption } from './regions';
export { shippingAddressSchema, type ShippingAddress, type ShippingAddressInput } from './schema';
