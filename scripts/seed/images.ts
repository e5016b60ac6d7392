/**
 * Node-only: renders the seed's product photos with sharp (librsvg): one 800×800 JPEG per
 * (model, colour, view), drawn in the studio of render/studio.ts. Products share renders (see
 * image-plan.ts), so a seed makes a few hundred images, not one per product image.
 *
 * Rasterising is the slow part (40-140 ms of CPU per SVG, the fabric close-up the most), and every
 * colour of a (model, view) has the same geometry: only the four palette colours differ, and each
 * pixel is a linear mix of them and of colourless parts (backdrop, shadow, texture, sheen). So each
 * (model, view) is rasterised twice — palette all black (the colourless part) and palette as pure
 * channels (base red, light green, dark and deep blue, deep at DEEP_PER_DARK) — and each colour is
 * the colourless part plus the channel weights times its palette: 96 rasters for the demo's 747
 * renders. The result matches a direct raster of the coloured SVG to a level or two (8-bit
 * compositing); `renderSvg` (render/svg.ts) is that SVG, for debugging and tests.
 *
 * Runs in the seed's render threads (render-pool.ts): the painting loop is plain JS, so one thread
 * per core.
 */
import sharp from 'sharp';
import type { ImageModel, RenderJob, RenderView } from './image-plan';
import { CANVAS, DEEP_PER_DARK, studioSvg, type Palette } from './render/studio';
import { JPEG_QUALITY, jobPalette, MODELS } from './render/svg';

const BLACK = '#000000';
/** The colourless pass and the channel pass (see the top of this file). */
const NO_COLOUR: Palette = { base: BLACK, light: BLACK, dark: BLACK, deep: BLACK };
const CHANNELS: Palette = {
  base: '#ff0000',
  light: '#00ff00',
  dark: '#0000ff',
  deep: `#0000${Math.round(255 * DEEP_PER_DARK).toString(16).padStart(2, '0')}`,
};

interface Layers {
  /** RGB of the colourless pass. */
  plain: Uint8Array;
  /** Pixels (index into CANVAS²) that the palette reaches, and their weights of base, light, dark (0-255). */
  coloured: Uint32Array;
  base: Uint8Array;
  light: Uint8Array;
  dark: Uint8Array;
}

const raster = async (svg: string) =>
  new Uint8Array(await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer());

async function rasterLayers(model: ImageModel, view: RenderView): Promise<Layers> {
  const [plain, channels] = await Promise.all([
    raster(studioSvg(MODELS[model](NO_COLOUR), NO_COLOUR, view)),
    raster(studioSvg(MODELS[model](CHANNELS), CHANNELS, view)),
  ]);
  // Sized for every pixel, then cut to the coloured ones: no growing arrays in a 640,000-pixel loop.
  const coloured = new Uint32Array(CANVAS * CANVAS);
  const weights = [0, 1, 2].map(() => new Uint8Array(CANVAS * CANVAS)) as [Uint8Array, Uint8Array, Uint8Array];
  let n = 0;
  for (let i = 0, px = 0; px < CANVAS * CANVAS; px++, i += 3) {
    const r = channels[i]! - plain[i]!;
    const g = channels[i + 1]! - plain[i + 1]!;
    const b = channels[i + 2]! - plain[i + 2]!;
    if (r <= 0 && g <= 0 && b <= 0) continue;
    coloured[n] = px;
    // Uint8Array stores wrap, so negatives (8-bit rounding) are clamped first.
    weights[0][n] = r > 0 ? r : 0;
    weights[1][n] = g > 0 ? g : 0;
    weights[2][n] = b > 0 ? b : 0;
    n++;
  }
  return {
    plain,
    coloured: coloured.slice(0, n),
    base: weights[0].slice(0, n),
    light: weights[1].slice(0, n),
    dark: weights[2].slice(0, n),
  };
}

/** (model, view) -> its layers, rasterised once per seed however many colours use them. */
const layerCache = new Map<string, Promise<Layers>>();

function layersOf(model: ImageModel, view: RenderView): Promise<Layers> {
  const key = `${model}/${view}`;
  let layers = layerCache.get(key);
  if (!layers) layerCache.set(key, (layers = rasterLayers(model, view)));
  return layers;
}

/** Drops the layers of (model, view) once its colours are painted: ~5 MB each. */
export const releaseLayers = (model: ImageModel, view: RenderView) => layerCache.delete(`${model}/${view}`);

const rgb = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];

/** Weight (0-255) -> its share of `value` (0-255), in 1/256ths: a lookup instead of a multiply. */
const share = (value: number) => Uint16Array.from({ length: 256 }, (_, w) => Math.round((w * value * 256) / 255));

/** The RGB pixels of `job`: the colourless pass plus each palette colour times its weight. */
function paint(layers: Layers, p: Palette): Uint8ClampedArray {
  const out = new Uint8ClampedArray(layers.plain);
  const [br, bg, bb] = rgb(p.base).map(share) as [Uint16Array, Uint16Array, Uint16Array];
  const [lr, lg, lb] = rgb(p.light).map(share) as [Uint16Array, Uint16Array, Uint16Array];
  const [dr, dg, db] = rgb(p.dark).map(share) as [Uint16Array, Uint16Array, Uint16Array];
  const { coloured, base, light, dark } = layers;
  // One pass over the coloured pixels only (the backdrop is copied as is); ~3× faster than a pass per
  // channel with float tables.
  for (let k = 0; k < coloured.length; k++) {
    const i = coloured[k]! * 3;
    const wb = base[k]!;
    const wl = light[k]!;
    const wd = dark[k]!;
    out[i] = out[i]! + ((br[wb]! + lr[wl]! + dr[wd]! + 128) >> 8);
    out[i + 1] = out[i + 1]! + ((bg[wb]! + lg[wl]! + dg[wd]! + 128) >> 8);
    out[i + 2] = out[i + 2]! + ((bb[wb]! + lb[wl]! + db[wd]! + 128) >> 8);
  }
  return out;
}

/** The JPEG of `job`, painted from its (model, view) layers. */
export async function renderJpeg(job: RenderJob): Promise<Uint8Array> {
  const pixels = paint(await layersOf(job.model, job.view), jobPalette(job.colour));
  // Baseline libjpeg-turbo with its standard Huffman tables: progressive scans cost ~2× the encode,
  // optimised tables ~2× (for ~20% fewer bytes), mozjpeg ~3×, for an original that shoppers only get
  // while its AVIF/WebP transform warms.
  const jpeg = await sharp(pixels, { raw: { width: CANVAS, height: CANVAS, channels: 3 } })
    .jpeg({ quality: JPEG_QUALITY, optimiseCoding: false })
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}
