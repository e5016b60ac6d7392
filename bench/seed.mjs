#!/usr/bin/env node
/**
 * Times `npm run seed -- --force --persist-to <fresh dir>`: cold (render cache emptied) and warm
 * (render cache kept), RUNS times each, interleaved, and prints medians of wall time and of CPU time
 * (the seed and its children: node, render threads, workerd).
 *
 *   node bench/seed.mjs [--runs 3] [--baseline DIR]
 *
 * --baseline DIR: another checkout of this repository (with node_modules) whose `npm run seed` runs
 * in the same rounds, so the ratio of the medians is a same-run comparison on a shared machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, baseline: { type: 'string' } } });
const runs = Number(values.runs);
const trees = { current: ROOT, ...(values.baseline ? { baseline: resolve(values.baseline) } : {}) };

/** CPU seconds of this process's waited-for children (utime + stime of /proc/self/stat, in ticks). */
const childCpu = () => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
};

function seedOnce(tree, cold) {
  if (cold) rmSync(join(tree, 'node_modules/.cache/edgefront-renders'), { recursive: true, force: true });
  const state = mkdtempSync(join(tmpdir(), 'edgefront-seed-bench-'));
  const cpu = childCpu();
  const started = performance.now();
  const result = spawnSync('npm', ['run', '-s', 'seed', '--', '--force', '--persist-to', state], { cwd: tree, encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  rmSync(state, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`seed in ${tree} failed:\n${result.stdout}\n${result.stderr}`);
  return { wall, cpu: childCpu() - cpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = {};
for (let r = 0; r < runs; r++) {
  for (const cold of [true, false]) {
    for (const [name, tree] of Object.entries(trees)) {
      const s = seedOnce(tree, cold);
      (samples[`${name} ${cold ? 'cold' : 'warm'}`] ??= []).push(s);
      console.error(`round ${r + 1}: ${name} ${cold ? 'cold' : 'warm'} ${s.wall.toFixed(1)} s wall, ${s.cpu.toFixed(1)} s CPU`);
    }
  }
}
console.log(`\n${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model} · load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('| tree | cache | median wall s | median CPU s | runs (wall) |\n|---|---|---|---|---|');
for (const [key, xs] of Object.entries(samples)) {
  const [name, cache] = key.split(' ');
  console.log(`| ${name} | ${cache} | ${median(xs.map((x) => x.wall)).toFixed(1)} | ${median(xs.map((x) => x.cpu)).toFixed(1)} | ${xs.map((x) => x.wall.toFixed(1)).join(', ')} |`);
}
