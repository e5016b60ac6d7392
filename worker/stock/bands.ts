/**
 * The stock bands a shopper is told about. Cached product pages say which band each variant was in
 * when rendered, never a count, so only a band change (in stock -> low -> sold out -> back) has to
 * take a cached page out of service; the exact "N left" comes live from the page's island.
 */
export const LOW_STOCK_THRESHOLD = 5;

/** Every band, the one list D1's column, the hint queue's schema and the type are drawn from. */
export const STOCK_BANDS = ['in', 'low', 'out'] as const;
export type StockBand = (typeof STOCK_BANDS)[number];

export const stockBand = (available: number): StockBand =>
  available <= 0 ? 'out' : available <= LOW_STOCK_THRESHOLD ? 'low' : 'in';

/** What cached HTML says for a band: no number, which would go stale with the next reservation. */
export const BAND_TEXT: Record<StockBand, string> = { in: 'In stock', low: 'Only a few left', out: 'Sold out' };
