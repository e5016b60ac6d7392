/**
 * Draws the seed's renders: each from the on-disk cache when an earlier seed on this machine drew the
 * same fingerprint, else in render threads, one per core (the painting loop is plain JS, so sharp's
 * own threads alone keep only one core busy). Work goes out a (model, view) group at a time to
 * whichever thread is free, so each thread rasterises a group's layers once for all its colours.
 * Answers at once with a promise per render: the drawing runs while workerd starts and D1 fills,
 * and uploads await each JPEG as it is ready.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RenderJob } from './image-plan';
import type { RenderGroup, RenderReply } from './render-worker';
import { renderFingerprint } from './render/svg';

export interface Render {
  key: string;
  job: RenderJob;
  fingerprint: string;
  jpeg: Promise<Uint8Array>;
}

interface Pending extends Render {
  resolve(jpeg: Uint8Array): void;
  reject(err: unknown): void;
}

/**
 * From source (tsx) the thread loads the TypeScript worker through tsx's API; from the bundle
 * (scripts/seed.mjs) it runs the bundled worker beside it.
 */
function startThread(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./seed/render-worker.js', import.meta.url));
  const url = JSON.stringify(new URL('./render-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${url}, ${url}))`, { eval: true });
}

/** A plain Uint8Array view: what the seed's store and R2 take. */
const bytesOf = (buf: Buffer) => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);

async function writeCache(file: string, jpeg: Uint8Array): Promise<void> {
  // Written aside then renamed: a concurrent seed never reads half a file.
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, jpeg);
  await rename(partial, file);
}

/** Sends each group to the next free thread; ends the threads when every group is drawn. */
function drawInThreads(groups: Pending[][], cacheDir: string): void {
  const byKey = new Map(groups.flat().map((r) => [r.key, r]));
  let next = 0;
  const threads = Math.min(availableParallelism(), groups.length);
  const failAll = (err: unknown) => byKey.forEach((r) => r.reject(err));
  void mkdir(cacheDir, { recursive: true }).then(() => {
    for (let t = 0; t < threads; t++) {
      const worker = startThread();
      let finished = false;
      const send = () => {
        const group = groups[next++];
        if (group) return worker.postMessage({ jobs: group.map(({ key, job }) => ({ key, job })) } satisfies RenderGroup);
        finished = true;
        void worker.terminate();
      };
      worker.on('message', (reply: RenderReply) => {
        if ('done' in reply) return send();
        const render = byKey.get(reply.key);
        if (!render) return;
        byKey.delete(reply.key);
        if ('error' in reply) return render.reject(new Error(`render ${reply.key}: ${reply.error}`));
        render.resolve(reply.jpeg);
        void writeCache(join(cacheDir, `${render.fingerprint}.jpg`), reply.jpeg).catch(() => {});
      });
      worker.on('error', failAll);
      worker.on('exit', (code) => !finished && failAll(new Error(`render thread exited with code ${code}`)));
      send();
    }
  }, failAll);
}

export async function startRendering(renders: Map<string, RenderJob>, cacheDir: string): Promise<Render[]> {
  const all: Pending[] = [...renders].map(([key, job]) => {
    let settle!: Pick<Pending, 'resolve' | 'reject'>;
    const jpeg = new Promise<Uint8Array>((resolve, reject) => (settle = { resolve, reject }));
    // Awaited by the upload; until then a failure must not count as unhandled.
    jpeg.catch(() => {});
    return { key, job, fingerprint: renderFingerprint(job), jpeg, ...settle };
  });
  const cached = await Promise.all(all.map((r) => readFile(join(cacheDir, `${r.fingerprint}.jpg`)).catch(() => null)));
  const groups = new Map<string, Pending[]>();
  all.forEach((render, i) => {
    const hit = cached[i];
    if (hit) return render.resolve(bytesOf(hit));
    const id = `${render.job.model}/${render.job.view}`;
    groups.set(id, [...(groups.get(id) ?? []), render]);
  });
  if (groups.size) drawInThreads([...groups.values()], cacheDir);
  return all;
}
