// One autocannon load run (bench/lib/load.mjs, its own process) with the server's CPU sampled
// around the measured phase.
import { cpuDelta, snapshot } from './cpu.mjs';
import { runLoad } from './load.mjs';

/** One load run; `server()` gives the server's CPU ms (see cpu.mjs snapshot()), sampled around the measured phase only. */
export async function measure(spec, server) {
  let before;
  let after;
  const r = await runLoad(spec, {
    onMeasure: () => (before = snapshot(server)),
    onEnd: () => (after = snapshot(server)),
  });
  Object.assign(r, before && after ? cpuDelta(before, after, r.requests, r.loadCpuMs) : {});
  return r;
}
