#!/usr/bin/env node
// Runs every ```sh block of README.md that calls curl against a freshly started `npm run dev`, so the
// examples keep working. A block fails on any non-zero exit (bash -euo pipefail; curl fails on an
// HTTP error status) and on a jq answer that is null where a value was expected: no output, a `null`
// result, or an object with a null field.
//
//   node scripts/readme-examples.mjs            # the README's own ports, 8787 and 12111 (CI)
//   PORT=23417 STRIPE_EMULATOR_PORT=23418 node scripts/readme-examples.mjs
//
// With other ports the blocks' 127.0.0.1:8787 / :12111 are rewritten to them.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '8787';
const emulatorPort = process.env.STRIPE_EMULATOR_PORT ?? '12111';
// A fresh clone seeds the whole demo first (D1, drawn images into R2, stock): minutes on a busy machine.
const START_TIMEOUT_MS = 480_000;
const BLOCK_TIMEOUT_MS = 90_000;

/** The README's ```sh blocks that call curl, with the line each starts on. */
export function curlBlocks(markdown) {
  const blocks = [];
  for (const match of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    if (!/\bcurl\b/.test(match[1])) continue;
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length + 1, script: match[1] });
  }
  return blocks;
}

// Wrappers the blocks run under: curl fails on HTTP errors; jq refuses empty and null answers.
const PRELUDE = String.raw`
curl() { command curl --fail-with-body "$@"; }
jq() {
  local out raw=0 arg
  for arg in "$@"; do
    case "$arg" in --raw-output|--join-output) raw=1 ;; --*) ;; -*r*|-*j*) raw=1 ;; esac
    case "$arg" in -*) ;; *) break ;; esac
  done
  out=$(command jq "$@") || return $?
  if [ -z "$out" ]; then echo "jq $*: no value" >&2; return 1; fi
  if [ $raw = 1 ]; then
    if printf '%s\n' "$out" | grep -qx 'null'; then echo "jq $*: null" >&2; return 1; fi
  elif ! printf '%s' "$out" | command jq -en '[inputs] | all(if type == "object" then all(.[]; . != null) else . != null end)' > /dev/null; then
    echo "jq $*: null where a value is expected:" >&2; printf '%s\n' "$out" >&2; return 1
  fi
  printf '%s\n' "$out"
}
`;

const onOurPorts = (script) =>
  script.replaceAll('127.0.0.1:8787', `127.0.0.1:${port}`).replaceAll('127.0.0.1:12111', `127.0.0.1:${emulatorPort}`);

function run(command, args, { timeoutMs, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000} s` : signal), stdout, stderr });
    });
  });
}

/** `npm run dev` in its own process group, resolved once it says the store is stocked and up. */
function startStore() {
  const dev = spawn(process.execPath, ['scripts/dev.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: port, STRIPE_EMULATOR_PORT: emulatorPort },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('npm run dev did not come up in time')), START_TIMEOUT_MS);
    const watch = (chunk) => {
      output += chunk;
      if (/^▸ Store on /m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    dev.stdout.on('data', watch);
    dev.stderr.on('data', watch);
    dev.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run dev exited (${code})`));
    });
  });
  const stop = () => {
    try {
      process.kill(-dev.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { ready, stop, output: () => output };
}

async function main() {
  const blocks = curlBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
  if (blocks.length === 0) throw new Error('README.md has no ```sh block calling curl');
  const store = startStore();
  let failed = 0;
  try {
    await store.ready.catch((err) => {
      console.error(store.output());
      throw err;
    });
    for (const block of blocks) {
      const result = await run('bash', ['-euo', 'pipefail', '-c', PRELUDE + onOurPorts(block.script)], { timeoutMs: BLOCK_TIMEOUT_MS });
      if (result.code === 0) {
        console.log(`readme-examples: README.md:${block.line} ok`);
        continue;
      }
      failed += 1;
      console.error(`readme-examples: README.md:${block.line} failed (${result.code})\n--- block\n${block.script}--- stdout\n${result.stdout}--- stderr\n${result.stderr}`);
    }
    if (failed > 0) console.error(`--- npm run dev\n${store.output()}`);
  } finally {
    store.stop();
  }
  console.log(`readme-examples: ${blocks.length - failed} of ${blocks.length} blocks passed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main().catch((err) => {
  console.error(`readme-examples: ${err.message}`);
  process.exitCode = 1;
});
