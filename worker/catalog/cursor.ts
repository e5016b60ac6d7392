import * as z from 'zod';

/**
 * Opaque pagination cursors. A browse walk is keyset-paginated on the immutable, never-reused product id
 * (so inserts and deletes during a walk cause no duplicates or gaps); a search walk is offset-paginated,
 * because bm25 scores are relative to the whole corpus and shift when any product changes.
 */
const cursorSchema = z.union([
  z.object({ v: z.literal(1), after: z.number().int().positive() }).strict(),
  z.object({ v: z.literal(1), offset: z.number().int().min(1).max(10_000) }).strict(),
]);

export type Cursor = z.infer<typeof cursorSchema>;

export const encodeCursor = (cursor: Cursor): string =>
  btoa(JSON.stringify(cursor)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** The cursor, or null when `raw` is not one this API issued. */
export function decodeCursor(raw: string): Cursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(atob(raw.replaceAll('-', '+').replaceAll('_', '/'))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
