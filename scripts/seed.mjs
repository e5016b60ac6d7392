#!/usr/bin/env node
/**
 * Runs scripts/seed.ts (same arguments) from an esbuild bundle kept in
 * node_modules/.cache/edgefront-seed and rebuilt when one of its sources changed. Starting tsx costs
 * 1-2.5 s on this machine, more than the seed's "already seeded" check that `npm run dev` runs every
 * time; a bundle starts in plain node.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'node_modules/.cache/edgefront-seed');
const META = join(OUT, 'meta.json');
const ENTRIES = ['scripts/seed.ts', 'scripts/seed/render-worker.ts'];

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
};

/** True when the bundle is older than any file esbuild read for it (or than this launcher). */
function stale() {
  let inputs;
  try {
    inputs = Object.keys(JSON.parse(readFileSync(META, 'utf8')).inputs);
  } catch {
    return true;
  }
  const built = mtime(META);
  return [fileURLToPath(import.meta.url), ...inputs.map((p) => join(ROOT, p))].some((p) => mtime(p) > built);
}

if (stale()) {
  const { build } = await import('esbuild');
  const { metafile, outputFiles } = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outbase: 'scripts',
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages load from node_modules as they are (sharp and workerd are native).
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
    write: false,
  });
  // Each file written aside then renamed, the meta last: a seed starting meanwhile (npm run dev and
  // the browser tests at once) runs the old bundle or the new one, never half a file.
  const { mkdirSync, renameSync, writeFileSync } = await import('node:fs');
  const put = (path, contents) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.${process.pid}.tmp`, contents);
    renameSync(`${path}.${process.pid}.tmp`, path);
  };
  for (const file of outputFiles) put(file.path, file.contents);
  put(META, JSON.stringify({ inputs: metafile.inputs }));
}
await import(pathToFileURL(join(OUT, 'seed.js')).href);
