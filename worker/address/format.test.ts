import { describe, expect, it } from 'vitest';
import { formatAddress } from './format';
import { shippingAddressSchema } from './schema';

const lines = (input: Record<string, string>) => formatAddress(shippingAddressSchema.parse(input));

describe('formatAddress', () => {
  it.each([
    [
      'US: city, state and ZIP on one line',
      { name: 'Ada Lovelace', line1: '1600 Amphitheatre Pkwy', line2: 'Building 40', city: 'Mountain View', region: 'california', postalCode: '94043', country: 'US' },
      ['Ada Lovelace', '1600 Amphitheatre Pkwy', 'Building 40', 'Mountain View, CA 94043', 'United States'],
    ],
    [
      'DE: postcode before the city',
      { name: 'Max Mustermann', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
      ['Max Mustermann', 'Unter den Linden 1', '10117 Berlin', 'Germany'],
    ],
    [
      'JP in Latin letters: name first, ward and prefecture, postcode last',
      { name: 'Taro Yamada', line1: '1-1 Chiyoda', city: 'Chiyoda-ku', region: 'Tokyo', postalCode: '1000001', country: 'JP' },
      ['Taro Yamada', '1-1 Chiyoda', 'Chiyoda-ku, Tokyo', '100-0001', 'Japan'],
    ],
    [
      'JP in Japanese: 〒 postcode first, from prefecture down, name last',
      { name: '山田太郎', line1: '千代田1-1', city: '千代田区', region: '東京都', postalCode: '100-0001', country: 'JP' },
      ['〒100-0001', '東京都', '千代田区', '千代田1-1', '山田太郎', 'Japan'],
    ],
    [
      'GB: town, then postcode on its own line',
      { name: 'Prime Minister', line1: '10 Downing Street', city: 'London', postalCode: 'sw1a2aa', country: 'GB' },
      ['Prime Minister', '10 Downing Street', 'London', 'SW1A 2AA', 'United Kingdom'],
    ],
    [
      'CA: province code and postal code after the city',
      { name: 'Jean Tremblay', line1: '24 Sussex Dr', city: 'Ottawa', region: 'Ontario', postalCode: 'k1m1m4', country: 'CA' },
      ['Jean Tremblay', '24 Sussex Dr', 'Ottawa ON K1M 1M4', 'Canada'],
    ],
    [
      'SG: the format prints the country, so it is not repeated',
      { name: 'Tan Wei', line1: '10 Bayfront Ave', city: 'Singapore', postalCode: '018956', country: 'SG' },
      ['Tan Wei', '10 Bayfront Ave', 'SINGAPORE 018956'],
    ],
    [
      'AE: no postal code; the city is printed once',
      { name: 'Fatima Al Maktoum', line1: '1 Sheikh Mohammed bin Rashid Blvd', city: 'Dubai', region: 'Dubai', country: 'AE' },
      ['Fatima Al Maktoum', '1 Sheikh Mohammed bin Rashid Blvd', 'Dubai', 'United Arab Emirates'],
    ],
  ])('%s', (_, input, expected) => {
    expect(lines(input)).toEqual(expected);
  });
});
