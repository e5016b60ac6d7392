import * as z from 'zod';

/**
 * `/img/:options/:key` options, e.g. `w=400,q=75,fit=cover,f=auto`. Widths come from an allow-list so
 * the set of variants (and what a visitor can make us compute) stays small and cacheable.
 */
export const IMAGE_WIDTHS = [100, 200, 400, 600, 800, 1200] as const;

const optionsSchema = z
  .object({
    w: z.coerce
      .number()
      .int()
      .refine((w) => (IMAGE_WIDTHS as readonly number[]).includes(w), `one of ${IMAGE_WIDTHS.join(', ')}`),
    q: z.coerce.number().int().min(30).max(90).default(75),
    fit: z.enum(['cover', 'contain', 'scale-down']).default('cover'),
    f: z.enum(['auto', 'avif', 'webp', 'jpeg']).default('auto'),
  })
  .strict();

export type ImageOptions = z.infer<typeof optionsSchema>;

export function parseImageOptions(raw: string) {
  const pairs = raw.split(',').map((part) => part.split('='));
  if (pairs.some((pair) => pair.length !== 2 || !pair[0] || !pair[1])) {
    return { success: false as const, issues: [{ path: 'options', message: 'expected key=value pairs' }] };
  }
  const keys = pairs.map(([key]) => key);
  if (new Set(keys).size !== keys.length) {
    return { success: false as const, issues: [{ path: 'options', message: 'an option is repeated' }] };
  }
  const parsed = optionsSchema.safeParse(Object.fromEntries(pairs));
  if (parsed.success) return { success: true as const, options: parsed.data };
  return {
    success: false as const,
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || 'options', message: i.message })),
  };
}

const FORMATS = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' } as const;

/** `f=auto` picks the best format the browser says it accepts. */
export function outputFormat(f: ImageOptions['f'], accept: string | undefined): keyof typeof FORMATS {
  if (f !== 'auto') return f;
  if (accept?.includes('image/avif')) return 'avif';
  if (accept?.includes('image/webp')) return 'webp';
  return 'jpeg';
}

export const mimeType = (format: keyof typeof FORMATS) => FORMATS[format];
