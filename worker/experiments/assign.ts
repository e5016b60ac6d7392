import type { Experiment } from './schemas';

/**
 * Sticky A/B assignment. The `ab` cookie holds the visitor's variant of every experiment they have
 * met (`hero.bold~cta.b`): chosen once by weight, then kept for a year, so the edge renders the same
 * variant on every visit and the page never flickers. A disabled experiment's entry stays in the
 * cookie but no longer applies.
 */
export const AB_COOKIE = 'ab';
const ENTRY = /^([a-z0-9][a-z0-9-]{0,39})\.([a-z0-9][a-z0-9-]{0,39})$/;

export function parseAssignments(cookie: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of (cookie ?? '').split('~')) {
    const m = ENTRY.exec(entry);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

export const serializeAssignments = (assignments: Map<string, string>) =>
  [...assignments].map(([id, variant]) => `${id}.${variant}`).join('~');

/** Weighted pick; `random` in [0, 1). */
export function pickVariant(experiment: Experiment, random: number): string {
  const total = experiment.variants.reduce((sum, v) => sum + v.weight, 0);
  let point = random * total;
  for (const v of experiment.variants) {
    if (point < v.weight) return v.name;
    point -= v.weight;
  }
  return experiment.variants.findLast((v) => v.weight > 0)!.name;
}

export const appliesTo = (experiment: Experiment, path: string) =>
  experiment.paths.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));

export interface Assignment {
  /** Every assignment the cookie should now hold. */
  assignments: Map<string, string>;
  /** True when the cookie must be (re)set. */
  changed: boolean;
  /** The variants of enabled experiments that apply to this path, by experiment id. */
  applied: Record<string, string>;
}

/**
 * Assigns the visitor to every enabled experiment they have no variant of yet (or whose variant no
 * longer exists), and says which apply to `path`.
 */
export function assign(experiments: readonly Experiment[], cookie: string | undefined, path: string): Assignment {
  const assignments = parseAssignments(cookie);
  let changed = false;
  const applied: Record<string, string> = {};
  for (const experiment of experiments) {
    if (!experiment.enabled) continue;
    let variant = assignments.get(experiment.id);
    if (!variant || !experiment.variants.some((v) => v.name === variant && v.weight > 0)) {
      variant = pickVariant(experiment, crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32);
      assignments.set(experiment.id, variant);
      changed = true;
    }
    if (appliesTo(experiment, path)) applied[experiment.id] = variant;
  }
  return { assignments, changed, applied };
}

/** `hero=bold;cta=b`, sorted: the X-Experiments header and the edge cache's variant key. */
export const variantKey = (applied: Record<string, string>) =>
  Object.keys(applied)
    .sort()
    .map((id) => `${id}=${applied[id]}`)
    .join(';');
