import type { ProductImage, Variant } from './types';

/**
 * The shopper's variant choice on the product page, from the query (`?colour=Navy&size=M`). Option
 * groups come in a fixed order (colour first: the gallery follows it), and a value of a later group
 * is offered only when a variant has it with the values chosen before it.
 *
 * Bad values are ignored (the first variant that fits what is left is shown, with `exact: false`),
 * never an error: a shared link to a colour since retired still lands on the product.
 */

/** Query parameter of an option; `color` is spelled `colour` in URLs, `color` is read as an alias. */
export const paramOf = (option: string) => (option === 'color' ? 'colour' : option);
const PARAM_ALIASES: Record<string, string> = { color: 'colour' };
/** The option parameters a product page reads; anything else in its query is ignored. */
export const VARIANT_PARAMS = ['colour', 'size'] as const;
const VALUE = /^[\p{L}\p{N} ./'-]{1,60}$/u;

export interface OptionValue {
  value: string;
  /** Why it cannot be chosen with the values before it, or null when it can. */
  unavailable: string | null;
}

export interface OptionGroup {
  option: string;
  param: string;
  values: OptionValue[];
  chosen: string;
}

export interface VariantChoice {
  variant: Variant;
  groups: OptionGroup[];
  /** Whether the query named exactly this variant (or nothing): false when something was ignored. */
  exact: boolean;
}

/**
 * The option parameters of a request, normalised (aliases folded, trimmed, lower case, implausible
 * values dropped), in a fixed order: what the edge cache keys product pages by.
 */
export function variantQuery(url: URL): URLSearchParams {
  const out = new URLSearchParams();
  for (const param of VARIANT_PARAMS) {
    const aliases = [param, ...Object.keys(PARAM_ALIASES).filter((a) => PARAM_ALIASES[a] === param)];
    const raw = aliases.map((a) => url.searchParams.get(a)).find((v) => v !== null)?.trim();
    if (raw && VALUE.test(raw)) out.set(param, raw.toLowerCase());
  }
  return out;
}

function optionOrder(variants: readonly Variant[]): string[] {
  const names = [...new Set(variants.flatMap((v) => Object.keys(v.options)))];
  return names.sort((a, b) => Number(b === 'color') - Number(a === 'color'));
}

const fits = (v: Variant, wanted: Record<string, string>) => Object.entries(wanted).every(([k, x]) => v.options[k] === x);

export function chooseVariant(variants: readonly Variant[], query: URLSearchParams): VariantChoice | null {
  const first = variants[0];
  if (!first) return null;
  const order = optionOrder(variants);
  const valuesOf = (option: string) => [...new Set(variants.flatMap((v) => (v.options[option] ? [v.options[option]] : [])))];

  // What the query asks for, matched case-insensitively against values that exist.
  let exact = true;
  const wanted: Record<string, string> = {};
  for (const option of order) {
    const asked = query.get(paramOf(option)) ?? (option === 'color' ? query.get('color') : null);
    if (asked === null) continue;
    const match = valuesOf(option).find((x) => x.toLowerCase() === asked.trim().toLowerCase());
    if (match) wanted[option] = match;
    else exact = false;
  }
  // Earlier groups win: drop later wishes until some variant fits.
  let variant = variants.find((v) => fits(v, wanted));
  for (const option of [...order].reverse()) {
    if (variant) break;
    if (!(option in wanted)) continue;
    delete wanted[option];
    exact = false;
    variant = variants.find((v) => fits(v, wanted));
  }
  const chosen = variant ?? first;

  const groups = order.map((option, i): OptionGroup => {
    const before = Object.fromEntries(order.slice(0, i).map((o) => [o, chosen.options[o] ?? '']));
    const beforeText = Object.values(before).join(' / ');
    return {
      option,
      param: paramOf(option),
      chosen: chosen.options[option] ?? '',
      values: valuesOf(option).map((value) => ({
        value,
        unavailable: variants.some((v) => v.options[option] === value && fits(v, before)) ? null : `not made in ${beforeText}`,
      })),
    };
  });
  return { variant: chosen, groups, exact };
}

/** The images of the chosen colour plus those of any colour; all of them if none is for that colour. */
export function imagesFor(images: readonly ProductImage[], colour: string | undefined): ProductImage[] {
  const shown = images.filter((img) => !img.color || img.color === colour);
  return shown.length ? shown : [...images];
}
