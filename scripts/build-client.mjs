#!/usr/bin/env node
// Vendors the browser code the pages import from npm into public/js/vendor/, since browsers cannot
// resolve bare specifiers: `loadStripe` from @stripe/stripe-js (its side-effect-free `pure` entry, as
// ESM; Stripe.js itself always loads from https://js.stripe.com at runtime), the web-vitals
// measurements of public/js/rum.js, and swagger-ui-dist's prebuilt bundle for the API reference page
// (public/api-reference.html), copied as published. Generated output: rebuild after upgrading the
// packages. `npm run dev` runs this on every start.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
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

/** Prebuilt browser files copied as they are (swagger-ui-dist ships them minified, with its licence). */
const COPY = [
  { from: 'node_modules/swagger-ui-dist/swagger-ui-bundle.js', to: 'public/js/vendor/swagger-ui-bundle.js' },
  { from: 'node_modules/swagger-ui-dist/swagger-ui.css', to: 'public/js/vendor/swagger-ui.css' },
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
  for (const { from, to } of COPY) {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    copyFileSync(join(root, from), join(root, to));
  }
  return [...VENDOR.map((v) => v.outfile), ...COPY.map((c) => c.to)];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await buildClient();
  console.log(`▸ Built ${files.join(', ')}`);
}
