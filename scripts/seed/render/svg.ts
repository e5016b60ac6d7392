/**
 * What a render is, without drawing it: the SVG source of one (model, colour, view) and its
 * fingerprint. No sharp here, so the seed can tell which renders it already has (on disk, in R2)
 * without loading the rasteriser.
 */
import { createHash } from 'node:crypto';
import type { ImageModel, RenderJob } from '../image-plan';
import { colourHex } from '../word-lists';
import * as apparel from './apparel';
import * as goods from './goods';
import { palette, studioSvg, type Drawing, type Palette } from './studio';

export const MODELS: Record<ImageModel, (c: Palette) => Drawing> = { ...apparel, ...goods };

export const jobPalette = (colour: string) => palette(colourHex(colour) ?? '#8a8f98');

/** The SVG source of one render; exported for debugging and tests. */
export function renderSvg({ model, colour, view }: RenderJob): string {
  const p = jobPalette(colour);
  return studioSvg(MODELS[model](p), p, view);
}

export const JPEG_QUALITY = 82;
/** Bump when the rendering pipeline changes in a way the SVG source does not capture. */
const RENDERER_VERSION = 4;

/**
 * A fingerprint of what `renderJpeg(job)` (images.ts) produces. The seed keeps it in its R2 manifest
 * so a reseed skips unchanged renders, and names the on-disk cache entry with it.
 */
export function renderFingerprint(job: RenderJob): string {
  const digest = createHash('sha256').update(renderSvg(job)).digest('base64url').slice(0, 16);
  return `${RENDERER_VERSION}-${JPEG_QUALITY}-${digest}`;
}
