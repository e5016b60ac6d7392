import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import { layoutOf } from './layout';

export type PostalCodeResult = { ok: true; value: string | undefined } | { ok: false; message: string };

/**
 * Where postcode-validator's pattern allows an optional separator that the post office does not print
 * (La Poste writes `75008`, Brunei `BT2328`, per libaddressinput's examples). Everywhere else the
 * separated form the pattern accepts is the written one (`K1A 0B1`, `SW1A 1AA`, `01310-100`).
 */
const WRITTEN_WITHOUT_SEPARATOR = new Set(['FR', 'BN']);

/** For a country postcode-validator has no pattern for (KP): letters and digits, a separator between, a bound. */
const ANY_POSTAL_CODE = /^[A-Z0-9](?:[ -]?[A-Z0-9]){0,15}$/;

const label = (country: string): string => (country === 'US' ? 'ZIP code' : 'postal code');

/** libaddressinput (via localized-address-format) prints no postal code for the country: HK, AE, … */
export const usesPostalCode = (country: string): boolean => layoutOf(country).postalCode;

/**
 * `raw` checked against the country's format (postcode-validator) and written the way its post office
 * prints it: upper-case, full-width digits and dashes folded, the separator where it belongs.
 *
 * @example
 * checkPostalCode('CA', 'k1a0b1'); // { ok: true, value: 'K1A 0B1' }
 * checkPostalCode('US', '1234'); // { ok: false, message: 'Not a valid ZIP code for US' }
 */
export function checkPostalCode(country: string, raw: string | undefined): PostalCodeResult {
  const typed = (raw ?? '')
    .normalize('NFKC')
    .toUpperCase()
    .replace(/\p{Pd}/gu, '-')
    .replace(/\s+/g, ' ')
    .trim();
  if (!typed) {
    return usesPostalCode(country)
      ? { ok: false, message: `A ${label(country)} is required for ${country}` }
      : { ok: true, value: undefined };
  }
  const value = postcodeValidatorExistsForCountry(country)
    ? writtenForm(country, typed)
    : ANY_POSTAL_CODE.test(typed)
      ? typed
      : undefined;
  return value ? { ok: true, value } : { ok: false, message: `Not a valid ${label(country)} for ${country}` };
}

/** The first spelling the library accepts: separated forms first (unless the country writes none), then as typed. */
function writtenForm(country: string, typed: string): string | undefined {
  const compact = typed.replace(/[ -]/g, '');
  const separated: string[] = [];
  if (!WRITTEN_WITHOUT_SEPARATOR.has(country)) {
    for (let at = 1; at < compact.length; at++) {
      for (const separator of [' ', '-']) separated.push(compact.slice(0, at) + separator + compact.slice(at));
    }
  }
  return [...separated, compact, typed].find((candidate) => postcodeValidator(candidate, country));
}
