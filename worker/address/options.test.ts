import { iso31662 } from 'iso-3166';
import { describe, expect, it } from 'vitest';
import { countryOptions } from './countries';
import { destinationOf } from './destination';
import { findRegion, regionOptions } from './regions';
import { shippingAddressSchema } from './schema';

describe('countryOptions', () => {
  it('lists every assigned code once, with its English name, sorted by name', () => {
    const options = countryOptions();
    expect(options).toHaveLength(249);
    expect(new Set(options.map((option) => option.code)).size).toBe(249);
    expect(options).toContainEqual({ code: 'GB', name: 'United Kingdom' });
    expect(options).toContainEqual({ code: 'DE', name: 'Germany' });
    expect(options.map((option) => option.code)).not.toContain('UK');
    const names = options.map((option) => option.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
  });

  it('answers copies, so a caller cannot change the next answer', () => {
    countryOptions()[0]!.name = 'changed';
    expect(countryOptions()[0]!.name).not.toBe('changed');
  });
});

describe('regionOptions', () => {
  it.each([
    ['US', { code: 'CA', name: 'California' }],
    ['CA', { code: 'ON', name: 'Ontario' }],
    ['AU', { code: 'NSW', name: 'New South Wales' }],
  ])('%s lists its subdivisions by name', (country, example) => {
    const options = regionOptions(country)!;
    expect(options).toContainEqual(example);
    const names = options.map((option) => option.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it.each(['DE', 'JP', 'GB', 'AE'])('%s takes free text: null', (country) => {
    expect(regionOptions(country)).toBeNull();
  });

  it.each(['US', 'CA', 'AU'])('every %s option is found by its code, prefixed code and name', (country) => {
    for (const option of regionOptions(country)!) {
      expect(findRegion(country, option.code)).toEqual(option);
      expect(findRegion(country, `${country.toLowerCase()}-${option.code.toLowerCase()}`)).toEqual(option);
      expect(findRegion(country, option.name.toUpperCase())).toEqual(option);
    }
  });

  it('uses ISO 3166-2 codes, plus the USPS codes US addressing has beside them', () => {
    const iso = new Set(iso31662.map((entry) => entry.code));
    const beyondIso = ['US', 'CA', 'AU'].flatMap((country) =>
      regionOptions(country)!.filter((option) => !iso.has(`${country}-${option.code}`)).map((option) => `${country}-${option.code}`),
    );
    // APO/FPO (armed forces) and the freely associated states, which USPS addresses as US states.
    expect(beyondIso.sort()).toEqual(['US-AA', 'US-AE', 'US-AP', 'US-FM', 'US-MH', 'US-PW']);
  });
});

describe('destinationOf', () => {
  const base = { name: 'A', line1: '1 Main St', city: 'Town' };

  it.each([
    [{ ...base, region: 'California', postalCode: '94043', country: 'us' }, { country: 'US', region: 'CA' }],
    [{ ...base, region: 'Ontario', postalCode: 'K1A 0B1', country: 'CA' }, { country: 'CA', region: 'ON' }],
    [{ ...base, region: 'Bayern', postalCode: '80331', country: 'DE' }, { country: 'DE', region: null }],
    [{ ...base, country: 'HK' }, { country: 'HK', region: null }],
  ])('%j → %j', (input, expected) => {
    expect(destinationOf(shippingAddressSchema.parse(input))).toEqual(expected);
  });
});
