import { chisquare, normal } from 'jstat-esm';

/** Trials and successes of one arm: visitors exposed and visitors who converted. */
export interface Arm {
  n: number;
  x: number;
}

export interface TwoProportionResult {
  /** Absolute difference of the rates, variant − control. */
  difference: number;
  /** Relative lift, variant / control − 1 (null when the control never converted). */
  relative: number | null;
  z: number;
  /** Two-sided, pooled two-proportion z-test. */
  pValue: number;
  /** Confidence interval of `difference` (unpooled Wald). */
  ci: [number, number];
}

/**
 * Two-proportion z-test of a variant against the control, with the confidence interval of the
 * difference in rates. The normal distribution is jstat's (its ES-module build, jstat-esm).
 */
export function twoProportionTest(control: Arm, variant: Arm, confidence = 0.95): TwoProportionResult {
  const p1 = control.x / control.n;
  const p2 = variant.x / variant.n;
  const pooled = (control.x + variant.x) / (control.n + variant.n);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / variant.n));
  const difference = p2 - p1;
  const z = sePooled > 0 ? difference / sePooled : 0;
  const pValue = sePooled > 0 ? Math.min(1, 2 * normal.cdf(-Math.abs(z), 0, 1)) : 1;
  const se = Math.sqrt((p1 * (1 - p1)) / control.n + (p2 * (1 - p2)) / variant.n);
  const critical = normal.inv(1 - (1 - confidence) / 2, 0, 1);
  return { difference, relative: p1 > 0 ? p2 / p1 - 1 : null, z, pValue, ci: [difference - critical * se, difference + critical * se] };
}

/** SRM is flagged below this p-value: strict, since a broken split invalidates every other figure. */
export const SRM_ALPHA = 0.001;

/** Chi-square goodness of fit of the observed counts against the configured weights (those above 0). */
export function sampleRatioMismatch(observed: number[], weights: number[]): { chiSquare: number; pValue: number; flagged: boolean } {
  return sampleRatioMismatchByPeriod([{ observed, weights }]);
}

/**
 * The same test when the weights changed over time (a ramp, a roll-out to 100 %): each period's
 * exposures against the weights in force then, the periods' chi-squares and degrees of freedom added
 * up (independent samples). A period with fewer than two weighted arms tests nothing and adds nothing.
 */
export function sampleRatioMismatchByPeriod(periods: { observed: number[]; weights: number[] }[]): { chiSquare: number; pValue: number; flagged: boolean } {
  let chiSquare = 0;
  let df = 0;
  for (const { observed, weights } of periods) {
    const arms = observed.map((o, i) => ({ o, w: weights[i] ?? 0 })).filter((a) => a.w > 0);
    const total = arms.reduce((s, a) => s + a.o, 0);
    const weight = arms.reduce((s, a) => s + a.w, 0);
    if (total === 0 || arms.length < 2) continue;
    for (const a of arms) {
      const expected = (total * a.w) / weight;
      chiSquare += (a.o - expected) ** 2 / expected;
    }
    df += arms.length - 1;
  }
  if (df === 0) return { chiSquare: 0, pValue: 1, flagged: false };
  const pValue = 1 - chisquare.cdf(chiSquare, df);
  return { chiSquare, pValue, flagged: pValue < SRM_ALPHA };
}

/** Wilson score interval of a rate: sound at small counts and at 0 or 1, unlike the Wald one. */
export function wilsonInterval({ n, x }: Arm, confidence = 0.95): [number, number] {
  if (n === 0) return [0, 0];
  const z = normal.inv(1 - (1 - confidence) / 2, 0, 1);
  const p = x / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
