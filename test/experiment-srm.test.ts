import { describe, expect, it } from 'vitest';
import type { Experiment } from '../worker/experiments/schemas';
import type { ExperimentResults } from '../worker/telemetry/results';
import { eventually } from './checkout-helpers';
import { admin, useOwnWorker } from './helpers';
import { adminJson, inParallel, Visitor } from './telemetry-helpers';

// Enables experiments (module state): this file runs its own Worker.
useOwnWorker();

const experiment = (id: string, path: string, a: number, b: number): Experiment => ({
  id,
  enabled: true,
  paths: [path],
  variants: [
    { name: 'a', weight: a },
    { name: 'b', weight: b },
  ],
});
const put = async (e: Experiment) => expect((await admin('PUT', `/experiments/${e.id}`, e)).status).toBe(200);

/** `n` new visitors assigned to `variant` (a sticky `ab` cookie) each see `path`, the page the experiment shapes. */
const expose = (id: string, variant: string, n: number, path: string) =>
  inParallel(Array.from({ length: n }, () => new Visitor({ ab: `${id}.${variant}` })), 16, (v) => v.view(path));

const resultsOnce = (id: string, visitors: number[]) =>
  eventually(async () => {
    const r = await adminJson<ExperimentResults>(`/admin/api/experiments/${id}/results`);
    expect(r.variants.map((v) => v.visitors)).toEqual(visitors);
    return r;
  }, 30_000);

describe('sample-ratio mismatch against the weights in force when each visitor was exposed', () => {
  it('a ramp from 50/50 to 90/10 is no broken split', async () => {
    await put(experiment('ramp', '/', 50, 50));
    await expose('ramp', 'a', 200, '/');
    await expose('ramp', 'b', 200, '/');
    await resultsOnce('ramp', [200, 200]);
    await put(experiment('ramp', '/', 90, 10));
    await expose('ramp', 'a', 450, '/');
    await expose('ramp', 'b', 50, '/');
    const r = await resultsOnce('ramp', [650, 250]);
    // Against today's 90/10 alone, 650/250 would be a glaring mismatch (chi-square ≈ 200).
    expect(r.sampleRatioMismatch.chiSquare).toBeCloseTo(0, 9);
    expect(r.sampleRatioMismatch.flagged).toBe(false);
  }, 120_000);

  it('a roll-out to 100 % keeps the verdict on the split before it, fair or broken', async () => {
    // Fair before the roll-out: 200/200 at 50/50, then everyone new gets the winner.
    await put(experiment('fair', '/cart', 50, 50));
    await expose('fair', 'a', 200, '/cart');
    await expose('fair', 'b', 200, '/cart');
    await resultsOnce('fair', [200, 200]);
    await put(experiment('fair', '/cart', 0, 100));
    await expose('fair', 'b', 300, '/cart');
    const fair = await resultsOnce('fair', [200, 500]);
    expect(fair.sampleRatioMismatch).toMatchObject({ flagged: false, pValue: 1 });
    // The loser is still judged on its sample: a variant at 0 now was live before.
    expect(fair.decision.reason).not.toBe('sample_ratio_mismatch');

    // Broken before the roll-out (260/140 at 50/50, p ≈ 2e-9): still flagged after it.
    await put(experiment('broken', '/products', 50, 50));
    await expose('broken', 'a', 260, '/products');
    await expose('broken', 'b', 140, '/products');
    await resultsOnce('broken', [260, 140]);
    await put(experiment('broken', '/products', 100, 0));
    await expose('broken', 'a', 100, '/products');
    const broken = await resultsOnce('broken', [360, 140]);
    expect(broken.sampleRatioMismatch.flagged).toBe(true);
    expect(broken.sampleRatioMismatch.pValue).toBeLessThan(1e-8);
    expect(broken.decision).toEqual({ winner: null, reason: expect.stringMatching(/^(insufficient_sample|sample_ratio_mismatch)$/) });
  }, 120_000);
});
