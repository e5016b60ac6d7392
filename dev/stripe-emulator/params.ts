import qs from 'qs';
import { parameterInvalid, parameterMissing } from './errors.js';
import type { Metadata } from './types.js';

export type Params = qs.ParsedQs;
type ParamValue = Params[string];

/**
 * Stripe's bracket form encoding (`line_items[0][price_data][unit_amount]=500`), for bodies and query
 * strings alike. Stripe accepts up to 100 line items, hence the raised array limit (qs turns larger
 * indices into object keys, which `asArray` below still handles).
 */
export function parseForm(text: string): Params {
  return qs.parse(text, { arrayLimit: 1000, parameterLimit: 10_000, depth: 8 });
}

export function optionalString(params: Params, key: string, param = key): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw parameterInvalid(param, `Invalid string: ${param} must be a string.`, 'parameter_invalid_string');
  return value;
}

export function requiredString(params: Params, key: string, param = key): string {
  const value = optionalString(params, key, param);
  if (value === undefined || value === '') throw parameterMissing(param);
  return value;
}

export function optionalInteger(params: Params, key: string, param = key): number | undefined {
  const value = optionalString(params, key, param);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw parameterInvalid(param, `Invalid integer: ${value}`, 'parameter_invalid_integer');
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw parameterInvalid(param, `Invalid integer: ${value}`, 'parameter_invalid_integer');
  return number;
}

export function optionalObject(params: Params, key: string, param = key): Params | undefined {
  const value = params[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw parameterInvalid(param, `Invalid object: ${param} must be a hash.`, 'parameter_invalid_object');
  return value;
}

/** Arrays arrive as real arrays or, past qs's array limit, as objects keyed by index. */
export function asArray(value: ParamValue, param: string): Params[] {
  if (value === undefined) return [];
  const items: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'object'
      ? Object.keys(value)
          .sort((a, b) => Number(a) - Number(b))
          .map((k) => value[k])
      : [value];
  return items.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw parameterInvalid(`${param}[${index}]`, `Invalid hash: ${param}[${index}] must be a hash.`, 'parameter_invalid_object');
    }
    return item as Params;
  });
}

/** Stripe's metadata limits: 50 keys, keys ≤ 40 characters, values ≤ 500 characters; empty values unset. */
export function metadata(params: Params, key = 'metadata'): Metadata {
  const raw = optionalObject(params, key);
  const out: Metadata = {};
  if (!raw) return out;
  const keys = Object.keys(raw);
  if (keys.length > 50) throw parameterInvalid(key, 'You can specify up to 50 keys in metadata.');
  for (const name of keys) {
    const value = raw[name];
    if (typeof value !== 'string') throw parameterInvalid(`${key}[${name}]`, `Metadata values must be strings.`);
    if (name.length > 40) throw parameterInvalid(`${key}[${name}]`, `Metadata keys can have up to 40 characters.`);
    if (value.length > 500) throw parameterInvalid(`${key}[${name}]`, `Metadata values can have up to 500 characters.`);
    if (value !== '') out[name] = value;
  }
  return out;
}

/** Sorted-key JSON, so idempotency comparisons do not depend on parameter order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
