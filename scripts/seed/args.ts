/** The seed's command line (usage in scripts/seed.ts). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRODUCT_COUNT, DEFAULT_SEED } from './generate';

export interface SeedArgs {
  force: boolean;
  /** Like wrangler's --persist-to: the directory holding `v3/`; default .wrangler/state next to wrangler.toml. */
  persistTo: string;
  /** Re-render and re-upload every image even if R2 already has identical ones. */
  rerender: boolean;
  products: number;
  seed: number;
}

/** The directory holding wrangler.toml, above this module (scripts/seed/) or its bundle (seed.mjs). */
export function projectRoot(from: string): string {
  for (let dir = dirname(fileURLToPath(from)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'wrangler.toml'))) return dir;
  }
  throw new Error('seed: no wrangler.toml above scripts/');
}

function usage(message?: string): never {
  if (message) console.error(`seed: ${message}`);
  console.error('usage: npx tsx scripts/seed.ts [--force] [--rerender] [--products N] [--seed N] [--persist-to DIR]');
  process.exit(2);
}

export function parseArgs(argv: string[], root: string): SeedArgs {
  const args: SeedArgs = {
    force: false,
    rerender: false,
    persistTo: resolve(root, '.wrangler/state'),
    products: DEFAULT_PRODUCT_COUNT,
    seed: DEFAULT_SEED,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) usage(`${flag} needs a non-negative integer`);
      return Number(v);
    };
    if (flag === '--force' || flag === '-f') args.force = true;
    else if (flag === '--products' || flag === '-n') args.products = value();
    else if (flag === '--seed') args.seed = value();
    else if (flag === '--persist-to') {
      const dir = inline ?? argv[++i];
      if (!dir) usage('--persist-to needs a directory');
      args.persistTo = resolve(dir);
    } else if (flag === '--rerender') args.rerender = args.force = true;
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown argument ${flag}`);
  }
  if (args.products < 1) usage('--products must be at least 1');
  return args;
}
