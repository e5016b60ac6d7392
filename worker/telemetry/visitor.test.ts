import { describe, expect, it } from 'vitest';
import { newVisitorId, visitorCookie, visitorFromCookie } from './visitor';

describe('visitor ids', () => {
  it('are drawn from a pool yet never repeat, across many pool refills, and keep their shape', () => {
    // 64 ids a pool: 5,000 ids cross 78 refills and every boundary inside a pool.
    const ids = Array.from({ length: 5_000 }, () => newVisitorId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^v_[A-Za-z0-9_-]{22}$/);
    // Each id reads back from its own cookie, so a browser keeps the identity it was given.
    for (const id of ids.slice(0, 130)) expect(visitorFromCookie(visitorCookie(id, true).split(';')[0]!)).toBe(id);
  });

  it('spread their characters over the whole alphabet (no id is a shifted copy of another)', () => {
    const ids = Array.from({ length: 2_000 }, () => newVisitorId().slice(2));
    // Every position of an id takes many values: a pool sliced at the wrong step would repeat columns.
    for (let i = 0; i < 22; i++) expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(50);
    // No 8-character run is shared by two ids (overlapping slices of one pool would share one).
    const runs = new Set<string>();
    for (const id of ids) for (let i = 0; i + 8 <= id.length; i += 8) {
      expect(runs.has(id.slice(i, i + 8))).toBe(false);
      runs.add(id.slice(i, i + 8));
    }
  });
});
