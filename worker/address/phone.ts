import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min';

export type PhoneResult = { ok: true; value: string | undefined } | { ok: false; message: string };

/**
 * `raw` as E.164 (`+14155552671`), read in `country` unless it starts with `+`. The `min` metadata
 * checks each country's lengths and leading digits (~19 KB gzip of the ~29 KB this costs); `max`
 * would add per-type digit patterns for ~25 KB more, which a delivery phone does not need.
 *
 * @example
 * checkPhone('(415) 555-2671', 'US'); // { ok: true, value: '+14155552671' }
 */
export function checkPhone(raw: string | undefined, country: string): PhoneResult {
  if (!raw) return { ok: true, value: undefined };
  // extract: false, so 'call 415 555 2671 after 6' is not read as a number found inside some text.
  const phone = parsePhoneNumberFromString(raw, {
    ...(isSupportedCountry(country) ? { defaultCountry: country } : {}),
    extract: false,
  });
  if (!phone?.isValid()) {
    return {
      ok: false,
      message: raw.trimStart().startsWith('+')
        ? 'Not a valid phone number'
        : `Not a valid phone number for ${country} (start one from elsewhere with + and its country code)`,
    };
  }
  // E.164 has no room for an extension, and a courier calling cannot dial one.
  if (phone.ext) return { ok: false, message: 'Enter the number without an extension' };
  return { ok: true, value: phone.number };
}
