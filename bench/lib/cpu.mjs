// CPU accounting from /proc (Linux only; everything degrades to NaN elsewhere).
//
// req/s on this machine depends on whatever else the 2 shared cores are running; the CPU workerd spends
// per request does much less, so the bench reports both, plus how much CPU *other* processes took during
// each run ("foreign CPU") to show how noisy it was.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

let tck = 100;
try {
  tck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {}
const MS_PER_TICK = 1000 / tck;
const NCPU = os.cpus().length || 1;

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, ...]. */
function statFields(pid) {
  const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { comm: st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')), f: st.slice(st.lastIndexOf(')') + 2).split(' ') };
}

/** utime + stime of one process (all threads), ms; NaN if it is gone. */
export function processCpuMs(pid) {
  try {
    const { f } = statFields(pid);
    return (Number(f[11]) + Number(f[12])) * MS_PER_TICK;
  } catch {
    return NaN;
  }
}

function allPids() {
  try {
    return readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
}

/** Direct children of `ppid` whose command name is `comm`. */
export function findChildren(ppid, comm) {
  const out = [];
  for (const pid of allPids()) {
    try {
      const { comm: c, f } = statFields(pid);
      if (Number(f[1]) === ppid && c === comm) out.push(Number(pid));
    } catch {}
  }
  return out;
}

/** CPU (ms) of every live process in process group `pgid`: `{ total, <comm>: ms, ... }`. */
export function groupCpuMs(pgid) {
  const out = { total: 0 };
  for (const pid of allPids()) {
    try {
      const { comm, f } = statFields(pid);
      if (Number(f[2]) !== pgid) continue;
      const ms = (Number(f[11]) + Number(f[12])) * MS_PER_TICK;
      out.total += ms;
      out[comm] = (out[comm] ?? 0) + ms;
    } catch {}
  }
  return out;
}

/** Machine-wide busy CPU (ms, all cores) from /proc/stat. */
function systemBusyMs() {
  try {
    const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = v.map(Number);
    return (user + nice + system + irq + softirq + steal) * MS_PER_TICK;
  } catch {
    return NaN;
  }
}

/**
 * `server()` → CPU ms of the server under test (workerd, or wrangler dev's process group), or an object
 * `{ total, ...parts }` of CPU ms to also get each part per request.
 */
export function snapshot(server) {
  const self = process.cpuUsage();
  const v = server();
  const parts = typeof v === 'number' ? { total: v } : v;
  return { wall: performance.now(), busy: systemBusyMs(), server: parts.total, parts, self: (self.user + self.system) / 1000 };
}

/**
 * Between two snapshots around a measured run: server CPU per request (ms) and the share of all cores
 * that processes other than the server, this harness and the load generator used (%).
 */
export function cpuDelta(a, b, requests, loadCpuMs) {
  const wall = b.wall - a.wall;
  const server = b.server - a.server;
  const self = b.self - a.self;
  const foreign = b.busy - a.busy - server - self - (Number.isFinite(loadCpuMs) ? loadCpuMs : 0);
  const partsMsPerReq = {};
  for (const k of Object.keys(a.parts)) partsMsPerReq[k] = requests > 0 ? (b.parts[k] - a.parts[k]) / requests : NaN;
  return {
    serverMsPerReq: requests > 0 ? server / requests : NaN,
    partsMsPerReq,
    serverCorePct: (server / wall) * 100,
    foreignPct: Math.max(0, (foreign / (wall * NCPU)) * 100),
  };
}

/** Resident memory of a process, MiB (NaN if unknown). */
export function rssMiB(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
