#!/usr/bin/env node
// Vendors the browser code the pages import from npm into public/js/vendor/, since browsers cannot
// resolve bare specifiers: `loadStripe` from @stripe/stripe-js (its side-effect-free
// `pure` entry, as ESM; Stripe.js itself always loads from https://js.stripe.com at runtime) and the web-vitals measurements of public/js/rum.js. Generated
// output: rebuild after upgrading the package. `npm run dev` runs this on every start.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const VENDOR = [
  {
    package: '@stripe/stripe-js',
    contents: "export { loadStripe } from '@stripe/stripe-js/pure/index.mjs';",
    outfile: 'public/js/vendor/stripe-js.js',
  },
  {
    package: 'web-vitals',
    contents: "export { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';",
    outfile: 'public/js/vendor/web-vitals.js',
  },
];

const versionOf = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

export async function buildClient() {
  for (const { package: name, contents, outfile } of VENDOR) {
    await build({
      banner: { js: `// ${name} ${versionOf(name)} (MIT), bundled by scripts/build-client.mjs: do not edit.` },
      stdin: { contents, resolveDir: root, loader: 'js' },
      outfile: join(root, outfile),
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      legalComments: 'eof',
      logLevel: 'warning',
    });
  }
  return VENDOR.map((v) => v.outfile);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await buildClient();
  console.log(`▸ Built ${files.join(', ')}`);
}
