/**
 * One render thread (see render-pool.ts): takes a (model, view) group at a time, paints and encodes
 * each of its colours, and posts every JPEG back as it is ready (its buffer transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import type { RenderJob } from './image-plan';
import { releaseLayers, renderJpeg } from './images';

export interface RenderGroup {
  jobs: { key: string; job: RenderJob }[];
}

export type RenderReply = { key: string; jpeg: Uint8Array } | { key: string; error: string } | { done: true };

const port = parentPort!;

port.on('message', async ({ jobs }: RenderGroup) => {
  // Two in flight: one colour is painted (JS, this thread) while the last one encodes (libuv pool).
  let next = 0;
  const one = async () => {
    while (next < jobs.length) {
      const { key, job } = jobs[next++]!;
      try {
        // A copy in an ArrayBuffer of its own: sharp's buffers live in native memory, not transferable.
        const jpeg = (await renderJpeg(job)).slice();
        port.postMessage({ key, jpeg } satisfies RenderReply, [jpeg.buffer as ArrayBuffer]);
      } catch (err) {
        port.postMessage({ key, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies RenderReply);
      }
    }
  };
  await Promise.all([one(), one()]);
  const first = jobs[0];
  if (first) releaseLayers(first.job.model, first.job.view);
  port.postMessage({ done: true } satisfies RenderReply);
});
