import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch, twoProportionTest, wilsonInterval } from './stats';

// References computed with SciPy 1.17 (scipy.stats.norm.sf / norm.ppf / chi2.sf) for the same counts:
// pooled z-test, two-sided p = 2·sf(|z|); 95 % unpooled Wald interval of p2 − p1.
describe('twoProportionTest', () => {
  it.each([
    [{ n: 1000, x: 40 }, { n: 1000, x: 70 }, 2.942449431682499, 0.0032562696284120637, [0.010060316252712486, 0.04993968374728752]],
    [{ n: 5000, x: 500 }, { n: 5000, x: 560 }, 1.9490795209156364, 0.051285928909989245, [-6.472065431625817e-5, 0.024064720654316252]],
    [{ n: 200, x: 10 }, { n: 180, x: 12 }, 0.6946066623919677, 0.4873018358533303, [-0.030664698843098602, 0.06399803217643193]],
  ])('%o vs %o matches the reference', (control, variant, z, p, [lo, hi]) => {
    const result = twoProportionTest(control, variant);
    expect(result.z).toBeCloseTo(z, 10);
    expect(result.pValue).toBeCloseTo(p, 8);
    expect(result.ci[0]).toBeCloseTo(lo!, 10);
    expect(result.ci[1]).toBeCloseTo(hi!, 10);
  });

  it('no conversions anywhere is no evidence (p = 1)', () => {
    expect(twoProportionTest({ n: 100, x: 0 }, { n: 100, x: 0 }).pValue).toBe(1);
  });
});

describe('sampleRatioMismatch', () => {
  it('flags 600/400 against 50/50 (χ² = 40, p = 2.54e-10)', () => {
    const srm = sampleRatioMismatch([600, 400], [50, 50]);
    expect(srm.chiSquare).toBeCloseTo(40, 10);
    expect(srm.pValue).toBeCloseTo(2.5396285894708634e-10, 15);
    expect(srm.flagged).toBe(true);
  });

  it('leaves a fair split alone: 1030/970 (p = 0.1797) and 300/350/350 of 1:1:1 (p = 0.0821)', () => {
    expect(sampleRatioMismatch([1030, 970], [1, 1])).toMatchObject({ flagged: false });
    expect(sampleRatioMismatch([1030, 970], [1, 1]).pValue).toBeCloseTo(0.17971249487899593, 8);
    expect(sampleRatioMismatch([300, 350, 350], [1, 1, 1]).pValue).toBeCloseTo(0.0820849986238988, 8);
  });

  it('weights the expectation (750/250 fits 3:1) and ignores switched-off variants', () => {
    expect(sampleRatioMismatch([750, 250], [3, 1]).chiSquare).toBe(0);
    expect(sampleRatioMismatch([500, 500, 0], [1, 1, 0]).pValue).toBe(1);
  });
});

describe('wilsonInterval', () => {
  it('stays inside [0, 1] and holds the rate', () => {
    const [lo, hi] = wilsonInterval({ n: 1000, x: 40 });
    expect(lo).toBeGreaterThan(0.028);
    expect(hi).toBeLessThan(0.055);
    expect(wilsonInterval({ n: 10, x: 0 })[0]).toBe(0);
    expect(wilsonInterval({ n: 0, x: 0 })).toEqual([0, 0]);
  });
});
