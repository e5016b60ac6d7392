import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddress } from './format';
import { shippingAddressSchema } from './schema';

const RUNS = 1500;

/** Text as hostile as JSON can carry: any code unit (lone surrogates, NUL, bidi), markup, padding, size. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', '  ', '<b>', 'a\u0000b', '\uD800', 'x'.repeat(5000), '__proto__', '１００－０００１'),
);
const country = fc.oneof(
  fc.constantFrom('US', 'us', 'CA', 'AU', 'GB', 'DE', 'FR', 'JP', 'IE', 'AE', 'HK', 'SG', 'BR', 'KP', 'PA', 'UK', 'XX', 'USA', 'ZZ', 'aq'),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const postalCode = fc.oneof(
  fc.constantFrom('94043', '94043-1351', '940431351', 'k1a0b1', 'SW1A 2AA', '10117', '100-0001', 'D02 X285', '018956', '2000'),
  fc.stringMatching(/^[A-Za-z0-9 -]{0,12}$/),
  text,
);
const region = fc.oneof(fc.constantFrom('CA', 'us-ny', 'California', 'Ontario', 'québec', 'NSW', 'Tokyo'), text);
const phone = fc.oneof(fc.constantFrom('(650) 253-0000', '+44 20 7946 0958', '020 7946 0958', '+', '++1'), text);
const field = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, fc.constant(null), fc.anything());

const addressLike = fc.record(
  {
    name: fc.oneof(fc.constant('Ada Lovelace'), text),
    line1: fc.oneof(fc.constant('1 Main St'), text),
    line2: field(text),
    city: fc.oneof(fc.constant('Springfield'), text),
    region: field(region),
    postalCode: field(postalCode),
    country: field(country),
    phone: field(phone),
  },
  { requiredKeys: ['name', 'line1', 'city', 'country'] },
);
/** Addresses that mostly parse: real places, with any printable text around them. */
const words = fc.oneof(
  fc.constantFrom('Ada Lovelace', '山田太郎', "Zoë O'Brien", 'Chiyoda-ku', 'Unter den Linden 1', 'Singapore', 'Dubai'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
);
const place = fc.constantFrom(
  { country: 'US', region: 'California', postalCode: '94043-1351' },
  { country: 'us', region: 'us-ny', postalCode: '100011234' },
  { country: 'CA', region: 'québec', postalCode: 'h2y1c6' },
  { country: 'AU', region: 'nsw', postalCode: '2000' },
  { country: 'GB', postalCode: 'sw1a2aa' },
  { country: 'DE', postalCode: '10117' },
  { country: 'FR', postalCode: '75 008' },
  { country: 'JP', region: '東京都', postalCode: '１００－０００１' },
  { country: 'IE', postalCode: 'D02X285' },
  { country: 'AE', region: 'Dubai' },
  { country: 'HK' },
  { country: 'SG', postalCode: '018956' },
  { country: 'BR', postalCode: '01310100' },
  { country: 'KP', postalCode: '12345' },
);
const plausible = fc
  .tuple(place, fc.record({ name: words, line1: words, line2: fc.option(words), city: words, phone: fc.option(fc.constantFrom('(650) 253-0000', '+44 20 7946 0958', '+81 3-1234-5678')) }))
  .map(([where, rest]) => ({ ...rest, ...where }));

const withExtraKeys = fc.tuple(addressLike, fc.dictionary(fc.string(), fc.anything(), { maxKeys: 2 })).map(([address, extra]) => ({ ...extra, ...address }));

// C0/C1 controls, lone surrogates, line/paragraph separators and bidi controls, as the schema rejects them.
const CONTROL = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

describe('shippingAddressSchema under fuzzing', () => {
  it('answers zod issues with a path and a message for any value, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), addressLike, withExtraKeys), (input) => {
        const result = shippingAddressSchema.safeParse(input);
        if (result.success) return;
        expect(result.error.issues.length).toBeGreaterThan(0);
        for (const issue of result.error.issues) {
          expect(Array.isArray(issue.path)).toBe(true);
          expect(issue.message).toMatch(/\S/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts only bounded clean text, and its output parses to itself and formats', () => {
    fc.assert(
      fc.property(fc.oneof(plausible, addressLike), (input) => {
        const result = shippingAddressSchema.safeParse(input);
        if (!result.success) return;
        const address = result.data;
        for (const value of Object.values(address)) {
          expect(value).not.toMatch(CONTROL);
          expect(value).not.toMatch(/[<>]/);
          expect(value).toBe(value.trim());
          expect(value.length).toBeGreaterThan(0);
          expect(value.length).toBeLessThanOrEqual(100);
        }
        expect(address.country).toMatch(/^[A-Z]{2}$/);
        expect(shippingAddressSchema.parse(address)).toEqual(address);
        const lines = formatAddress(address);
        expect(lines.length).toBeGreaterThanOrEqual(2);
        for (const line of lines) expect(line).toMatch(/\S/);
      }),
      { numRuns: RUNS },
    );
  });
});
