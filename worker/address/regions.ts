import { AU, CA, US, type CountryData } from 'country-region-data';

export interface RegionOption {
  /** ISO 3166-2 code without the country prefix (`CA`, `ON`, `NSW`). */
  code: string;
  name: string;
}

/**
 * Countries where an address must name its subdivision: US sales tax and Canadian GST/HST/PST are set
 * per state or province, Australian carriers rate by state, and in all three the label prints the code.
 * Importing only these keeps the rest of country-region-data (~45 KB gzip) out of the Worker; a
 * country added here is the one line it takes to require its regions too.
 */
const REQUIRED: readonly CountryData[] = [US, CA, AU];

const SUBDIVISIONS = new Map(
  REQUIRED.map(([, country, regions]) => [
    country as string,
    regions.map(([name, code]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'en')),
  ]),
);

/** Case, accents and spacing do not matter: `québec`, `QC`, `ca-qc` all find Quebec. */
const fold = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

const LOOKUP = new Map(
  [...SUBDIVISIONS].map(([country, regions]) => {
    const byKey = new Map<string, RegionOption>();
    for (const region of regions) {
      byKey.set(fold(region.name), region);
      byKey.set(fold(region.code), region);
      byKey.set(fold(`${country}-${region.code}`), region);
    }
    return [country, byKey];
  }),
);

export const requiresRegion = (country: string): boolean => SUBDIVISIONS.has(country);

/**
 * The subdivisions a shopper picks from, sorted by name; null where the region is free text.
 *
 * @example
 * regionOptions('CA')?.[0]; // { code: 'AB', name: 'Alberta' }
 * regionOptions('DE'); // null
 */
export function regionOptions(country: string): RegionOption[] | null {
  return SUBDIVISIONS.get(country)?.map((region) => ({ ...region })) ?? null;
}

/** The subdivision `text` names by code (`CA`), prefixed code (`US-CA`) or English name (`California`). */
export const findRegion = (country: string, text: string): RegionOption | undefined =>
  LOOKUP.get(country)?.get(fold(text));
