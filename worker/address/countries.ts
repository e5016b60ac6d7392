import { iso31661Alpha2ToAlpha3 } from 'iso-3166';

/**
 * The assigned ISO 3166-1 alpha-2 codes. iso-3166 tracks the maintenance agency's newsletters, so a
 * code ISO withdraws or adds changes here by upgrading the package, not by editing a list.
 */
const ASSIGNED = new Set(Object.keys(iso31661Alpha2ToAlpha3));
const ALPHA3_TO_ALPHA2 = new Map(Object.entries(iso31661Alpha2ToAlpha3).map(([alpha2, alpha3]) => [alpha3, alpha2]));

let englishNames: Intl.DisplayNames | undefined;
let options: CountryOption[] | undefined;

export interface CountryOption {
  code: string;
  name: string;
}

export const isCountryCode = (code: string): boolean => ASSIGNED.has(code);

/** CLDR's English short name (`United Kingdom`, `Côte d’Ivoire`), as the workerd ICU build has it. */
export function countryName(code: string): string {
  englishNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  return englishNames.of(code) ?? code;
}

/**
 * Why `code` (upper-case) is not an assigned alpha-2 code, naming the one meant where that is known:
 * an alpha-3 code, or a code ICU replaces with an assigned one (`UK` → `GB`, `DD` → `DE`).
 */
export function countryCodeProblem(code: string): string | null {
  if (ASSIGNED.has(code)) return null;
  if (!code) return 'Required';
  const meant = ALPHA3_TO_ALPHA2.get(code) ?? replacementOf(code);
  if (meant) return `${code} is not an ISO 3166-1 alpha-2 country code: ${countryName(meant)} is ${meant}`;
  return 'Not an ISO 3166-1 alpha-2 country code (two letters, such as US or GB)';
}

function replacementOf(code: string): string | null {
  if (!/^[A-Z]{2}$/.test(code)) return null;
  const region = new Intl.Locale('und', { region: code }).region;
  return region && region !== code && ASSIGNED.has(region) ? region : null;
}

/**
 * Every assigned country for the checkout page's select, sorted by English name.
 *
 * @example
 * countryOptions().find((option) => option.code === 'GB'); // { code: 'GB', name: 'United Kingdom' }
 */
export function countryOptions(): CountryOption[] {
  if (!options) {
    const collator = new Intl.Collator('en');
    options = [...ASSIGNED]
      .map((code) => ({ code, name: countryName(code) }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }
  return options.map((option) => ({ ...option }));
}
