import * as z from 'zod';

/** Longest query a suggestion box sends; anything longer is not typing, it is a probe. */
export const MAX_SUGGEST_QUERY = 100;
/** Fewer letters or digits than this match too much to be useful: answered with no suggestions. */
export const MIN_SUGGEST_CHARS = 2;

/**
 * `GET /api/search/suggest?q=`. Too long, control characters (NUL included) or no `q` at all: 400.
 * Too short (under 2 letters or digits, after FTS operators and punctuation are dropped): 200 with
 * no items, since a shopper who has typed one letter has done nothing wrong.
 */
export const suggestQuerySchema = z
  .object({
    q: z
      .string()
      .max(MAX_SUGGEST_QUERY, `at most ${MAX_SUGGEST_QUERY} characters`)
      // eslint-disable-next-line no-control-regex
      .refine((q) => !/[\u0000-\u001f\u007f]/.test(q), 'control characters are not allowed'),
  })
  .strict();

/** Whether a valid query is long enough to look up. */
export const searchable = (q: string) => (q.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= MIN_SUGGEST_CHARS;
