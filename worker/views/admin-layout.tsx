import { html } from 'hono/html';

/**
 * The admin's own document: a header of its own (the store's name, a way back to the shop) instead
 * of the shop's navigation and search, never indexed. Like the shop's Layout, a `hono/html` template;
 * inline scripts are forbidden by the CSP, so scripts are module URLs.
 */
export function AdminLayout(props: { title: string; scripts: string[]; children: any }) {
  const scripts = props.scripts.map((src) => html`<script type="module" src="${src}" defer=""></script>`);
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${props.title} · Edgefront admin</title><meta name="robots" content="noindex"/><meta name="color-scheme" content="light dark"/><link rel="icon" href="/favicon.svg" type="image/svg+xml"/><link rel="stylesheet" href="/styles.css"/>${scripts}</head><body class="admin-body"><a class="skip-link" href="#main">Skip to content</a><header class="site-header admin-header"><div class="wrap header-inner"><span class="brand">Edgefront <span class="admin-badge">admin</span></span><a class="admin-shop-link" href="/">View the shop</a></div></header><main id="main" class="wrap" tabindex="-1">${props.children}</main></body></html>`;
}
