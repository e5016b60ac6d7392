import { recordWeights } from '../telemetry/results';
import type { Experiment } from './schemas';
import { putExperiment } from './store';

export type SaveOutcome = { ok: true } | { ok: false; failed: 'weights' | 'document' };

/**
 * Saves an experiment all or nothing: its weight history in D1 first (the period the sample-ratio
 * check tests from now on, telemetry/results.ts), then the document in KV, the write that makes it
 * apply. D1 failing: nothing was written. KV failing: the weights row just written is taken back, so
 * no period starts with weights that never applied. (Only if that undo fails too is a row left; it is
 * logged, and the next save that succeeds records the weights really in force.)
 */
export async function saveExperiment(env: Env, experiment: Experiment): Promise<SaveOutcome> {
  let undo: () => Promise<void>;
  try {
    undo = await recordWeights(env, experiment);
  } catch (err) {
    console.warn(JSON.stringify({ msg: 'experiment not saved: weights history unavailable', id: experiment.id, error: String(err).slice(0, 200) }));
    return { ok: false, failed: 'weights' };
  }
  try {
    await putExperiment(env.CONFIG, experiment);
    return { ok: true };
  } catch (err) {
    console.warn(JSON.stringify({ msg: 'experiment not saved: KV refused the document', id: experiment.id, error: String(err).slice(0, 200) }));
    await undo().catch((undoErr: unknown) =>
      console.error(JSON.stringify({ msg: 'experiment weights row left behind', id: experiment.id, error: String(undoErr).slice(0, 200) })),
    );
    return { ok: false, failed: 'document' };
  }
}
