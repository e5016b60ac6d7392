// Real-user monitoring: the web-vitals library measures LCP, INP, CLS, TTFB and FCP; a sampled share
// of page loads reports them once, when the page is hidden, with one navigator.sendBeacon to POST /rum.
// The beacon carries the page's path (the server keeps only its kind, and the variants of the `ab`
// cookie that shaped it) and the values: no id, nothing personal. A search's words are never sent.
import { onCLS, onFCP, onINP, onLCP, onTTFB } from './vendor/web-vitals.js';

const SAMPLE_RATE = 0.2;
// Tests and demos measure every load: sessionStorage['edgefront-rum-sample'] = '1'.
const rate = Number(sessionStorage.getItem('edgefront-rum-sample') ?? SAMPLE_RATE);

if (Math.random() < rate) {
  const measured = new Map();
  const keep = (metric) => measured.set(metric.name, metric.value);
  const send = () => {
    if (measured.size === 0) return;
    const page = location.pathname.slice(0, 250) + (new URLSearchParams(location.search).has('q') ? '?q=1' : '');
    const metrics = [...measured].map(([name, value]) => ({ name, value: Math.max(0, value) }));
    measured.clear();
    navigator.sendBeacon('/rum', JSON.stringify({ page, metrics }));
  };
  onLCP(keep);
  onINP(keep);
  onCLS(keep);
  onTTFB(keep);
  onFCP(keep);
  addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && send());
  addEventListener('pagehide', send);
}
