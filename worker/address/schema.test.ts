import { describe, expect, it } from 'vitest';
import { shippingAddressSchema, type ShippingAddressInput } from './schema';

const US = { name: 'Ada Lovelace', line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postalCode: '94043', country: 'US' };
const at = (country: string, postalCode?: string, extra: Partial<ShippingAddressInput> = {}): ShippingAddressInput => ({
  name: 'Test Shopper',
  line1: '1 High Street',
  city: 'Somewhere',
  country,
  ...(postalCode === undefined ? {} : { postalCode }),
  ...extra,
});

const issuesOf = (input: unknown) => {
  const result = shippingAddressSchema.safeParse(input);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
};

describe('shippingAddressSchema accepts and normalizes', () => {
  it.each([
    ['US ZIP and state code', US, { region: 'CA', postalCode: '94043', country: 'US' }],
    ['US ZIP+4 and state name', { ...US, region: 'california', postalCode: '94043-1351' }, { region: 'CA', postalCode: '94043-1351' }],
    ['US ZIP+4 typed without its hyphen', { ...US, postalCode: '940431351' }, { postalCode: '94043-1351' }],
    ['US state with its ISO prefix', { ...US, region: 'us-ny', postalCode: '10001' }, { region: 'NY' }],
    ['US country in lower case', { ...US, country: ' us ' }, { country: 'US' }],
    ['CA postal code spaced and upper-cased', at('CA', 'k1a0b1', { region: 'Ontario' }), { postalCode: 'K1A 0B1', region: 'ON' }],
    ['CA province name with or without accents', at('CA', 'H2Y 1C6', { region: 'Québec' }), { region: 'QC' }],
    ['AU state code in lower case', at('AU', '2000', { region: 'nsw' }), { region: 'NSW', postalCode: '2000' }],
    ['GB postcode spaced', at('gb', 'sw1a2aa'), { postalCode: 'SW1A 2AA', country: 'GB' }],
    ['GB postcode with extra spaces', at('GB', '  ec1a   1bb '), { postalCode: 'EC1A 1BB' }],
    ['DE Postleitzahl', at('DE', '10117', { city: 'Berlin' }), { postalCode: '10117' }],
    ['FR code postal without a space', at('FR', '75 008', { city: 'Paris' }), { postalCode: '75008' }],
    ['JP postal code hyphenated', at('JP', '1000001', { region: 'Tokyo' }), { postalCode: '100-0001', region: 'Tokyo' }],
    ['JP postal code typed full-width', at('JP', '１００－０００１'), { postalCode: '100-0001' }],
    ['IE Eircode', at('IE', 'd02x285', { city: 'Dublin' }), { postalCode: 'D02 X285' }],
    ['NL postcode', at('NL', '1012ab'), { postalCode: '1012 AB' }],
    ['BR CEP', at('BR', '01310100'), { postalCode: '01310-100' }],
    ['AE without a postal code', at('AE', undefined, { city: 'Dubai' }), { country: 'AE' }],
    ['HK with a blank postal code', at('HK', '  ', { city: 'Central' }), { country: 'HK' }],
    ['DE region as free text', at('DE', '80331', { region: '  Bayern ' }), { region: 'Bayern' }],
    ['phone in the national form', { ...US, phone: '(650) 253-0000' }, { phone: '+16502530000' }],
    ['phone from another country in + form', { ...US, phone: '+44 20 7946 0958' }, { phone: '+442079460958' }],
    ['GB phone in the national form', at('GB', 'SW1A 2AA', { phone: '020 7946 0958' }), { phone: '+442079460958' }],
    ['trimmed and NFC-normalized text', { ...US, name: '  Zoe\u0308 Lovelace  ', line2: ' Suite 5 ' }, { name: 'Zoë Lovelace', line2: 'Suite 5' }],
  ])('%s', (_, input, expected) => {
    expect(shippingAddressSchema.parse(input)).toMatchObject(expected);
  });

  it('leaves blank or null optional fields out rather than empty', () => {
    const address = shippingAddressSchema.parse({ ...at('AE'), line2: '', region: null, postalCode: '', phone: ' ' });
    expect(address).toEqual({ name: 'Test Shopper', line1: '1 High Street', city: 'Somewhere', country: 'AE' });
  });

  it('parses its own output to the same value', () => {
    const once = shippingAddressSchema.parse({ ...at('CA', 'k1a0b1', { region: 'québec', phone: '613 555 0199' }) });
    expect(shippingAddressSchema.parse(once)).toEqual(once);
  });
});

describe('shippingAddressSchema rejects', () => {
  it.each([
    ['an unknown country', at('XX', '12345'), 'country', /^Not an ISO 3166-1 alpha-2 country code/],
    ['the user-assigned ZZ', at('ZZ', '12345'), 'country', /^Not an ISO 3166-1 alpha-2 country code/],
    ['UK, naming GB', at('UK', 'SW1A 2AA'), 'country', /^UK is not an ISO 3166-1 alpha-2 country code: United Kingdom is GB$/],
    ['a three-letter code, naming the two-letter one', at('USA', '94043'), 'country', /United States is US$/],
    ['a missing country', { ...US, country: undefined }, 'country', /^Required$/],
    ['a blank country', { ...US, country: '  ' }, 'country', /^Required$/],
    ['a number for a country', { ...US, country: 840 }, 'country', /^Must be text$/],
    ['a ZIP code of the wrong shape', { ...US, postalCode: '9404' }, 'postalCode', /^Not a valid ZIP code for US$/],
    ['a GB postcode that is not one', at('GB', '12345'), 'postalCode', /^Not a valid postal code for GB$/],
    ['a Canadian postal code with a letter missing', at('CA', 'K1A 0B', { region: 'ON' }), 'postalCode', /for CA$/],
    ['a four-digit German code', at('DE', '1011'), 'postalCode', /^Not a valid postal code for DE$/],
    ['a US ZIP for a German address', at('DE', '94043-1351'), 'postalCode', /for DE$/],
    ['a missing postal code where the country uses them', at('DE'), 'postalCode', /^A postal code is required for DE$/],
    ['a US address without a state', { ...US, region: undefined }, 'region', /^A state, province or territory is required for US/],
    ['a state that is not one', { ...US, region: 'Narnia' }, 'region', /^Not a state, province or territory of US/],
    ['a province of another country', { ...US, region: 'ON' }, 'region', /of US/],
    ['a 5,000-character line1', { ...US, line1: 'x'.repeat(5000) }, 'line1', /^At most 100 characters$/],
    ['a 65-character free-text region', at('DE', '10117', { region: 'r'.repeat(65) }), 'region', /^At most 64 characters$/],
    ['a NUL byte', { ...US, name: 'Ada\u0000Lovelace' }, 'name', /control characters/],
    ['a line break', { ...US, city: 'Mountain\nView' }, 'city', /control characters/],
    ['a bidi override', { ...US, line1: '1600 \u202Eyawkrap' }, 'line1', /control characters/],
    ['a lone surrogate', { ...US, line2: 'Suite \uD800' }, 'line2', /control characters/],
    ['HTML', { ...US, line1: '<img src=x onerror=alert(1)>' }, 'line1', /^Must not contain < or > \(no HTML\)$/],
    ['a blank name', { ...US, name: '   ' }, 'name', /^Required$/],
    ['a missing city', { ...US, city: undefined }, 'city', /^Required$/],
    ['a phone number that is not one', { ...US, phone: '12345' }, 'phone', /^Not a valid phone number for US/],
    ['a phone number in + form that is not one', { ...US, phone: '+1 123 456 7890' }, 'phone', /^Not a valid phone number$/],
    ['a phone number inside other text', { ...US, phone: 'call 650 253 0000' }, 'phone', /^Not a valid phone number for US/],
    ['a phone number with an extension', { ...US, phone: '650 253 0000 ext. 12' }, 'phone', /extension/],
    ['an extra field (strict)', { ...US, price: 0 }, '', /price/],
    ['a __proto__ key from JSON', JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(US).slice(1)}`), '', /__proto__/],
  ])('%s', (_, input, path, message) => {
    expect(issuesOf(input)).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every problem at once, the country-specific ones included', () => {
    const issues = issuesOf({ ...US, name: '', region: 'Narnia', postalCode: '1', phone: '1' });
    expect(issues.map((issue) => issue.path).sort()).toEqual(['name', 'phone', 'postalCode', 'region']);
  });

  it('reports a field with a wrong type once, without running its country rule', () => {
    expect(issuesOf({ ...US, postalCode: 94043 })).toEqual([{ path: 'postalCode', message: 'Must be text' }]);
  });

  it.each([null, 'US', 42, [], [US]])('a body that is not an object: %j', (input) => {
    expect(issuesOf(input)).toEqual([{ path: '', message: expect.any(String) }]);
  });
});
