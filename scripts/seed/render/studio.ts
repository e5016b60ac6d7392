/**
 * The studio every seeded product is photographed in, as SVG: a lit sweep backdrop, a contact shadow,
 * the product filled with a key-light gradient in its colour, a fabric texture, a light fall-off and a
 * specular sheen. Models (apparel.ts, goods.ts) only say what the product's outline and parts are.
 */
import type { RenderView } from '../image-plan';

export const CANVAS = 800;

export interface Palette {
  base: string;
  /** The lit side. */
  light: string;
  /** The side away from the key light. */
  dark: string;
  /** Seams, ribbing, openings. */
  deep: string;
}

export type Texture = 'jersey' | 'knit' | 'twill' | 'canvas' | 'leather';

export interface Drawing {
  /** Path data of the product's outline: lit, textured and shaded. */
  outline: string;
  /** Parts drawn inside the outline (clipped to it): seams, pockets, ribbing. */
  inside?: string;
  /** Parts drawn behind the outline (a bag's far handle). */
  behind?: string;
  /** Parts drawn over it, unclipped (soles, buckles, laces). */
  over?: string;
  texture: Texture;
  /** The square the detail view zooms into: [x, y, size]. */
  focus: readonly [number, number, number];
  /** The contact shadow on the floor: [cx, cy, rx]. */
  shadow: readonly [number, number, number];
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Mix `hex` toward white (amount > 0) or black (amount < 0). */
export function shade(hex: string, amount: number): string {
  const target = amount > 0 ? 255 : 0;
  const p = Math.abs(amount);
  return (
    '#' +
    hexToRgb(hex)
      .map((v) => Math.round(v + (target - v) * p).toString(16).padStart(2, '0'))
      .join('')
  );
}

const luminance = (hex: string) => {
  const [r, g, b] = hexToRgb(hex);
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
};

export function palette(base: string): Palette {
  // Dark cloth needs more lift on its lit side to read as a shape; pale cloth more shadow.
  const l = luminance(base);
  return {
    base,
    light: shade(base, l < 0.3 ? 0.3 : 0.22),
    dark: shade(base, l > 0.75 ? -0.28 : -0.42),
    // Always DEEP_PER_DARK of `dark`: the seed's layered renderer (images.ts) draws both in one channel.
    deep: shade(base, l > 0.75 ? -(1 - 0.72 * DEEP_PER_DARK) : -(1 - 0.58 * DEEP_PER_DARK)),
  };
}

/** `deep` over `dark`, per channel, for every palette (0.4/0.58: seams a shade darker than the shadow side). */
export const DEEP_PER_DARK = 0.4 / 0.58;

interface Tile {
  w: number;
  h: number;
  motif: string;
}

/**
 * A texture tile, repeated into a ~50-unit pattern cell: librsvg paints a pattern cell by cell, so
 * 6-unit cells made a zoomed-in render take over a second.
 */
function texture({ w, h, motif }: Tile): string {
  const nx = Math.ceil(50 / w);
  const ny = Math.ceil(50 / h);
  const copies = Array.from({ length: nx * ny }, (_, i) => `<g transform="translate(${(i % nx) * w} ${Math.floor(i / nx) * h})">${motif}</g>`);
  return `<pattern id="tex" width="${nx * w}" height="${ny * h}" patternUnits="userSpaceOnUse">${copies.join('')}</pattern>`;
}

/**
 * The same texture as plain shapes over the square [x, y, size] only, on the pattern's grid. For
 * the close-up: zoomed in, even ~50-unit pattern cells cost librsvg ~100 ms of CPU a render more
 * than drawing the few thousand tiles the square holds.
 */
function textureTiles({ w, h, motif }: Tile, [x, y, size]: readonly [number, number, number]): string {
  const copies: string[] = [];
  for (let ty = Math.floor(y / h) * h; ty < y + size; ty += h) {
    for (let tx = Math.floor(x / w) * w; tx < x + size; tx += w) copies.push(`<g transform="translate(${tx} ${ty})">${motif}</g>`);
  }
  return copies.join('');
}

const TILES: Record<Texture, Tile> = {
  jersey: { w: 6, h: 6, motif: '<path d="M0 3h6" stroke="#000" stroke-opacity=".05"/>' },
  knit: { w: 14, h: 12, motif: '<path d="M0 0l7 8 7-8M0 6l7 8 7-8" fill="none" stroke="#000" stroke-opacity=".1" stroke-width="1.6"/>' },
  twill: { w: 9, h: 9, motif: '<path d="M-2 2l4-4M0 9l9-9M7 11l4-4" stroke="#000" stroke-opacity=".09" stroke-width="1.6"/>' },
  canvas: { w: 6, h: 6, motif: '<path d="M0 1.5h6M1.5 0v6" stroke="#000" stroke-opacity=".07"/>' },
  leather: {
    w: 17,
    h: 15,
    motif: '<circle cx="4" cy="4" r="1.6" fill="#000" fill-opacity=".07"/><circle cx="12" cy="10" r="2" fill="#000" fill-opacity=".05"/><circle cx="14" cy="2" r="1" fill="#fff" fill-opacity=".06"/>',
  },
};

// librsvg draws a pattern under a skew tile by tile (~0.5 s a render on this box): the turned view goes without.
const TEX_FILL = `<rect width="${CANVAS}" height="${CANVAS}" fill="url(#tex)"/>`;

const WALLS: Record<RenderView, [string, string]> = {
  front: ['#f7f5f1', '#d8d2c8'],
  angle: ['#f3f4f4', '#d0d4d7'],
  detail: ['#f7f5f1', '#d8d2c8'],
};

/** The whole photo of `drawing` in colour `p`, from `view`. */
export function studioSvg(drawing: Drawing, p: Palette, view: RenderView): string {
  const [cx, cy, rx] = drawing.shadow;
  const [fx, fy, fs] = drawing.focus;
  const viewBox = view === 'detail' ? `${fx} ${fy} ${fs} ${fs}` : `0 0 ${CANVAS} ${CANVAS}`;
  // The three-quarter view: the product turned (mirrored, foreshortened), so the light comes from the other side.
  const turn = view === 'angle' ? ` transform="translate(400 ${cy}) scale(-0.9 1) skewY(-5) translate(-400 ${-cy})"` : '';
  const [wallIn, wallOut] = WALLS[view];
  // Fine textures in the close-up are drawn as shapes (see textureTiles); coarse ones stay a pattern.
  const closeTiles = view === 'detail' && TILES[drawing.texture].w < 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${CANVAS}" height="${CANVAS}" viewBox="${viewBox}">
<defs>
<radialGradient id="wall" cx="400" cy="300" r="620" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="${wallIn}"/><stop offset="1" stop-color="${wallOut}"/></radialGradient>
<linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".09"/></linearGradient>
<radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity=".42"/><stop offset=".55" stop-color="#000" stop-opacity=".14"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>
<linearGradient id="lit" x1="0" y1="0" x2="1" y2=".4"><stop offset="0" stop-color="${p.light}"/><stop offset=".45" stop-color="${p.base}"/><stop offset="1" stop-color="${p.dark}"/></linearGradient>
<linearGradient id="fall" x1="0" y1="0" x2="0" y2="1"><stop offset=".5" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".2"/></linearGradient>
<radialGradient id="sheen" cx=".3" cy=".2" r=".55"><stop offset="0" stop-color="#fff" stop-opacity=".3"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>
${closeTiles ? '' : texture(TILES[drawing.texture])}
<clipPath id="clip"><path d="${drawing.outline}"/></clipPath>
</defs>
<rect width="${CANVAS}" height="${CANVAS}" fill="url(#wall)"/>
<rect y="560" width="${CANVAS}" height="240" fill="url(#floor)"/>
<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${Math.round(rx * 0.11)}" fill="url(#shadow)"/>
<g${turn}>
${drawing.behind ?? ''}
<path d="${drawing.outline}" fill="url(#lit)"/>
<g clip-path="url(#clip)">
${view === 'angle' ? '' : closeTiles ? textureTiles(TILES[drawing.texture], drawing.focus) : TEX_FILL}
${drawing.inside ?? ''}
<path d="${drawing.outline}" fill="url(#fall)"/>
</g>
<path d="${drawing.outline}" fill="url(#sheen)" stroke="${p.deep}" stroke-opacity=".35" stroke-width="2"/>
${drawing.over ?? ''}
</g>
</svg>`;
}
