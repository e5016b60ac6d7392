// The store as it ships: wrangler's production bundle, the secrets of .dev.vars.example, and
// wrangler.toml's bindings as Miniflare options.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { exec, TOOL_ENV, wranglerBin } from './proc.mjs';

/** KEY=value lines (quotes removed) as an object. @param {string} text @returns {Record<string, string>} */
export function parseDevVars(text) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
}

/**
 * `wrangler deploy --dry-run --outdir`: the production bundle. Returns { files (index.js first),
 * modules (Miniflare ESModules), raw, gzip, wranglerReported: { raw, gzip } KiB | null, outdir }.
 */
export async function bundleStore(root, outdir, extraArgs = []) {
  const out = await exec(process.execPath, [wranglerBin(root), 'deploy', '--dry-run', '--outdir', outdir, ...extraArgs], { cwd: root, env: TOOL_ENV });
  const files = (await readdir(outdir)).filter((f) => /\.(m?js)$/.test(f));
  if (!files.includes('index.js')) throw new Error(`wrangler produced no index.js in ${outdir}: ${files.join(', ')}`);
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const buf = await readFile(join(outdir, f));
    raw += buf.length;
    gzip += gzipSync(buf).length;
  }
  files.sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)));
  const modules = await Promise.all(
    files.map(async (f) => ({ type: 'ESModule', path: join(outdir, f), contents: await readFile(join(outdir, f), 'utf8') })),
  );
  const reported = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(out);
  const wranglerReported = reported ? { raw: Number(reported[1]), gzip: Number(reported[2]) } : null;
  return { files, modules, raw, gzip, wranglerReported, outdir };
}

/** The secrets of .dev.vars.example (never the developer's own .dev.vars, so overrides cannot leak in). */
export async function benchSecrets(root) {
  return parseDevVars(await readFile(join(root, '.dev.vars.example'), 'utf8'));
}

/**
 * wrangler.toml as Miniflare options. wrangler also reads the developer's own .dev.vars; `bindings`
 * keeps only wrangler.toml's [vars] and `secrets`, so a local override (say LOG_LEVEL) cannot change
 * what is measured. Returns { workerOptions, bindings, queueConsumers, storeOptions (the rest) }.
 */
export function storeConfig(root, secrets) {
  const config = join(root, 'wrangler.toml');
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
  const tomlVars = unstable_readConfig({ config }).vars ?? {};
  const bindings = {
    ...Object.fromEntries(Object.entries(workerOptions.bindings ?? {}).filter(([k]) => k in tomlVars)),
    ...secrets,
  };
  const { queueConsumers, ...storeOptions } = workerOptions;
  return { workerOptions, bindings, queueConsumers, storeOptions };
}
