/**
 * Node-only: renders the seed's product photos with sharp (librsvg): one 800×800 JPEG per
 * (model, colour, view), drawn in the studio of render/studio.ts. Products share renders (see
 * image-plan.ts), so a seed renders a few hundred images, not one per product image.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ImageModel, RenderJob } from './image-plan';
import * as apparel from './render/apparel';
import * as goods from './render/goods';
import { palette, studioSvg, type Drawing, type Palette } from './render/studio';
import { colourHex } from './word-lists';

const MODELS: Record<ImageModel, (c: Palette) => Drawing> = { ...apparel, ...goods };

/** The SVG source of one render; exported for debugging and tests. */
export function renderSvg({ model, colour, view }: RenderJob): string {
  const p = palette(colourHex(colour) ?? '#8a8f98');
  return studioSvg(MODELS[model](p), p, view);
}

const JPEG_QUALITY = 82;
/** Bump when the rendering pipeline changes in a way the SVG source does not capture. */
const RENDERER_VERSION = 2;

/**
 * A fingerprint of what `renderImage(job)` produces. The seed keeps it in its R2 manifest so a reseed
 * skips unchanged renders, and names the on-disk cache entry with it.
 */
export function renderFingerprint(job: RenderJob): string {
  const digest = createHash('sha256').update(renderSvg(job)).digest('base64url').slice(0, 16);
  return `${RENDERER_VERSION}-${JPEG_QUALITY}-${digest}`;
}

/**
 * The JPEG for `job`, from `cacheDir` when an earlier seed on this machine rendered the same
 * fingerprint (a fresh local state then costs no rendering at all), else rendered and stored there.
 */
export async function renderImage(job: RenderJob, fingerprint: string, cacheDir: string): Promise<Uint8Array> {
  const file = join(cacheDir, `${fingerprint}.jpg`);
  const cached = await readFile(file).catch(() => null);
  if (cached) return bytesOf(cached);
  // Plain libjpeg-turbo with progressive scans: mozjpeg is ~10% smaller but ~3× slower to encode.
  const jpeg = await sharp(Buffer.from(renderSvg(job))).jpeg({ quality: JPEG_QUALITY, progressive: true }).toBuffer();
  await mkdir(cacheDir, { recursive: true });
  // Written aside then renamed: a concurrent seed never reads half a file.
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, jpeg);
  await rename(partial, file);
  return bytesOf(jpeg);
}

/** A plain Uint8Array view: R2 through getPlatformProxy refuses Node Buffers. */
const bytesOf = (buf: Buffer) => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
