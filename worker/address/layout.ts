import { formatAddress as formatFields } from 'localized-address-format';
import { countryName } from './countries';

export type Script = NonNullable<Parameters<typeof formatFields>[1]>;

/** What a country's libaddressinput format (via localized-address-format) prints, and in which order. */
export interface Layout {
  /** The format has a locality (`%C`); Japan's and Singapore's, for example, do not. */
  city: boolean;
  /** The format has a postal code (`%Z`): libaddressinput's sign that the country uses them. */
  postalCode: boolean;
  /** The recipient comes before the street (false for Japan's and China's local formats). */
  nameFirst: boolean;
  /** The format prints the country itself (`SINGAPORE %Z`, `GIBRALTAR`, `GUERNSEY`). */
  country: boolean;
}

// Private-use characters, which no address contains, stand for each field: the library exports its
// formats only through formatAddress, so formatting marks is how to read one.
const MARK = { name: '\uE000', line: '\uE001', city: '\uE002', postalCode: '\uE003' } as const;
const MARKS = /[\uE000-\uE003]/g;

const layouts = new Map<string, Layout>();

export function layoutOf(country: string, script: Script = 'local'): Layout {
  const key = `${country}:${script}`;
  let layout = layouts.get(key);
  if (!layout) {
    const lines = formatFields(
      {
        postalCountry: country,
        name: MARK.name,
        addressLines: [MARK.line],
        locality: MARK.city,
        postalCode: MARK.postalCode,
      },
      script,
    );
    const text = lines.join('\n');
    const name = countryName(country);
    layout = {
      city: text.includes(MARK.city),
      postalCode: text.includes(MARK.postalCode),
      nameFirst: text.indexOf(MARK.name) < text.indexOf(MARK.line),
      country: lines.some((line) => sameText(line.replace(MARKS, '').trim().slice(0, name.length), name)),
    };
    layouts.set(key, layout);
  }
  return layout;
}

export const sameText = (a: string, b: string): boolean => a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0;
