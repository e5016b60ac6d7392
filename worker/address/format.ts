import { formatAddress as formatFields } from 'localized-address-format';
import { countryName } from './countries';
import { layoutOf, sameText, type Script } from './layout';
import type { ShippingAddress } from './schema';

const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

/**
 * The address as a parcel label, order page or email shows it: the country's own order (libaddressinput's
 * formats, via localized-address-format), then the country's English name. An address written in Latin
 * letters takes the country's Latin-script order where it has one (Japan: name first, postcode last);
 * one in kana or hanzi keeps the local order (〒 postcode first, name last).
 *
 * @example
 * formatAddress({ name: 'Ada', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' });
 * // ['Ada', '1 Main St', 'Springfield, IL 62701', 'United States']
 */
export function formatAddress(address: ShippingAddress): string[] {
  const { name, line1, line2, city, region, postalCode, country } = address;
  const script: Script = NON_LATIN_LETTER.test([name, line1, line2, city, region].join(' ')) ? 'local' : 'latin';
  const layout = layoutOf(country, script);
  const countryLine = countryName(country);
  const street = line2 ? [line1, line2] : [line1];
  // A format without a locality (Japan, Singapore, the Emirates) carries the city as an address line:
  // after the street, or before it where the order runs from the largest unit down. A city that is
  // the country (Singapore) or the region (Dubai) is printed by those already.
  const printed = layout.city || sameText(city, countryLine) || (region !== undefined && sameText(city, region));
  const cityLine = printed ? [] : [city];
  const addressLines = layout.nameFirst ? [...street, ...cityLine] : [...cityLine, ...street];
  const lines = formatFields(
    {
      postalCountry: country,
      name,
      // One line holding line breaks (no field contains one): given several, localized-address-format
      // starts a new line after them even where the format goes on (`%A, %S` in Japan's Latin order).
      addressLines: [addressLines.join('\n')],
      locality: city,
      ...(region ? { administrativeArea: region } : {}),
      ...(postalCode ? { postalCode } : {}),
    },
    script,
  ).flatMap((line) => line.split('\n'));
  return layout.country ? lines : [...lines, countryLine];
}
