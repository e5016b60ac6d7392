import { describe, expect, it } from 'vitest';
import { firstProductSlug } from './audit-pages.mjs';
import { matrix, runFigures, summarise, usualFailures } from './lighthouse-report.mjs';
import { imageUrlsIn } from './warm-images.mjs';

/** A Lighthouse result with just what runFigures reads. */
function lhr(scores: Record<string, number>, failing: string[] = []) {
  const audits: Record<string, { score: number | null; numericValue?: number }> = {
    'largest-contentful-paint': { score: 1, numericValue: 1200 },
    'color-contrast': { score: failing.includes('color-contrast') ? 0 : 1 },
    'bf-cache': { score: 0 },
  };
  const categories = Object.fromEntries(
    Object.entries(scores).map(([id, score]) => [
      id,
      { score: score / 100, auditRefs: [{ id: 'color-contrast', weight: id === 'accessibility' ? 7 : 0 }, { id: 'bf-cache', weight: 0 }] },
    ]),
  );
  return { categories, audits };
}
const all = (performance: number, accessibility = 100, seo = 100) => ({ performance, accessibility, 'best-practices': 100, seo });

describe('bench:lighthouse pure pieces', () => {
  it('finds every /img candidate of a srcset, whose URLs contain commas themselves', () => {
    const html =
      '<img src="/img/w=400,q=75,f=auto/a.jpg" srcset="/img/w=200,q=75,f=auto/a.jpg 200w, /img/w=800,q=75,f=auto/a.jpg 800w"/>' +
      '<link rel="preload" as="image" imagesrcset="/img/w=400,q=75,f=auto/b.jpg 400w"/><a href="/products/x">x</a><img src="/favicon.svg"/>';
    expect(imageUrlsIn(html)).toEqual(['/img/w=400,q=75,f=auto/a.jpg', '/img/w=200,q=75,f=auto/a.jpg', '/img/w=800,q=75,f=auto/a.jpg', '/img/w=400,q=75,f=auto/b.jpg']);
    expect(firstProductSlug(html)).toBe('x');
  });

  it('takes the median of the runs per page, preset and category, against the targets', () => {
    const runs = [all(90), all(97), all(99, 96)].map((s) => runFigures(lhr(s, s.accessibility < 100 ? ['color-contrast'] : [])));
    const rows = summarise([{ page: 'home', preset: 'mobile', runs }]);
    const row = (category: string) => rows.find((r: { category: string }) => r.category === category);
    expect(row('performance')).toMatchObject({ median: 97, runs: [90, 97, 99], target: 95, pass: true });
    expect(row('accessibility')).toMatchObject({ median: 100, pass: true });
    expect(runs[0].metrics.LCP).toBe(1200);
    const failing = summarise([{ page: 'home', preset: 'mobile', runs: runs.slice(0, 1) }]);
    expect(failing.find((r: { category: string }) => r.category === 'performance')).toMatchObject({ median: 90, pass: false });
    expect(matrix(failing)[0]).toMatchObject({ page: 'home', preset: 'mobile', performance: '90 FAIL < 95 (90)', seo: '100 pass (100)' });
  });

  it('reports an excluded SEO score as measured but passing, and names audits failing in most runs', () => {
    const runs = [all(100, 96, 66), all(100, 96, 66), all(100, 100, 66)].map((s) => runFigures(lhr(s, s.accessibility < 100 ? ['color-contrast'] : [])));
    const rows = summarise([{ page: 'cart', preset: 'desktop', seoExcluded: 'noindex on purpose', runs }]);
    expect(rows.find((r: { category: string }) => r.category === 'seo')).toMatchObject({ median: 66, pass: true, excluded: 'noindex on purpose' });
    expect(matrix(rows)[0].seo).toBe('excluded (66)');
    // Weight-0 audits (bf-cache) do not count; color-contrast failed in 2 of 3 runs.
    expect(usualFailures([{ page: 'cart', preset: 'desktop', seoExcluded: 'x', runs }])).toEqual({ 'cart/desktop/accessibility': ['color-contrast'] });
  });
});
