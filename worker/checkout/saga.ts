import { isStoreBusy } from '../http/overload';
import { refused, refusalOf, type Outcome, type Refusal, type Refused } from '../refusals/refusals';

/** Why a saga stopped: a step refused (an expected outcome), or threw (an outage or a bug). */
export type Failure = { refusal: Refusal } | { error: unknown };

/**
 * One step of a multi-domain operation and the compensation that undoes it (Medusa's step /
 * compensate pair). `run` answers a refusal to stop the saga; `undo` is told why it stopped, so a
 * step may keep its effect on purpose (an order kept for a retry after a provider outage).
 */
export interface Step<C> {
  name: string;
  run(ctx: C): Promise<Refused | void>;
  undo?(ctx: C, failure: Failure): Promise<void>;
}

/**
 * Runs `steps` in order. When one refuses or throws, the steps already done are undone in reverse
 * order, then the refusal is answered (or the error rethrown). A compensation that fails because the
 * store is busy (D1 or an object overloaded: often the very overload that stopped the saga) is tried
 * again, a bounded few times; one that still fails is logged and the rest still run: what it leaves
 * behind expires on its own (holds) or is converged by the reconciler (pending orders), never lost.
 * Every `undo` is idempotent (conditional transitions, releases by id), so a second try is safe.
 */
export async function runSaga<C>(ctx: C, steps: readonly Step<C>[]): Promise<Outcome<void>> {
  const completed: Step<C>[] = [];
  for (const step of steps) {
    let failure: Failure | null = null;
    try {
      const outcome = await step.run(ctx);
      if (outcome) failure = { refusal: refusalOf(outcome) };
    } catch (error) {
      failure = { error };
    }
    if (failure) {
      const why = failure;
      for (const done of completed.reverse()) {
        if (!done.undo) continue;
        const undo = done.undo.bind(done);
        await compensate(() => undo(ctx, why)).catch((err: unknown) => {
          console.error(JSON.stringify({ msg: 'compensation failed', step: done.name, failedStep: step.name, error: String(err) }));
        });
      }
      if ('error' in failure) throw failure.error;
      return refused(failure.refusal);
    }
    completed.push(step);
  }
  return { ok: true, value: undefined };
}

/** Waits between a compensation's tries while the store is busy: about a second in all, bounded. */
export const COMPENSATION_RETRY_MS = [50, 200, 700] as const;

async function compensate(undo: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await undo();
    } catch (err) {
      const wait = COMPENSATION_RETRY_MS[attempt];
      if (wait === undefined || !isStoreBusy(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
