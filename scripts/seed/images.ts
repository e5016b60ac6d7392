/**
 * Node-only: renders placeholder product photos with sharp (librsvg). Each image is an 800×800 JPEG
 * built from an SVG: a gradient in the product's colour (or a hue derived from its slug), a few soft
 * shapes, a big initial, and the product title. Deterministic for a given product and index.
 *
 * Text goes through librsvg → Pango → fontconfig; on this machine that finds DejaVu Sans. On a
 * machine without any fonts the text simply does not render, and the image is still a valid
 * gradient-and-shapes placeholder.
 */
import sharp from 'sharp';
import { colourHex, IMAGE_SIZE, type SeedProduct } from './generate';

const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

/** FNV-1a, 32-bit. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex([r, g, b]: [number, number, number]): string {
  return '#' + [r, g, b].map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('');
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return rgbToHex([f(0), f(8), f(4)]);
}

/** Mix `hex` toward white (amount > 0) or black (amount < 0). */
function shade(hex: string, amount: number): string {
  const [r, g, b] = hexToRgb(hex);
  const t = amount > 0 ? 255 : 0;
  const p = Math.abs(amount);
  return rgbToHex([r + (t - r) * p, g + (t - g) * p, b + (t - b) * p]);
}

function luminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex);
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** Greedy word wrap to at most `maxLines` lines of about `width` characters. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
    return kept;
  }
  return lines;
}

/** The SVG source of a product image; exported for debugging and tests. */
export function productImageSvg(p: SeedProduct, index: number): string {
  const S = IMAGE_SIZE;
  const h = hash(`${p.slug}#${index}`);
  const hs = hash(p.slug);
  const colourName = p.variants.find((v) => v.options.color)?.options.color;
  const base = (colourName && colourHex(colourName)) ?? hslToHex(hs % 360, 0.45, 0.5);
  const dark = luminance(base) < 0.55;
  const from = shade(base, dark ? 0.25 : 0.15);
  const to = shade(base, dark ? -0.35 : -0.25);
  const accent = hslToHex((hs >> 9) % 360, 0.5, dark ? 0.7 : 0.35);
  const ink = dark ? '#ffffff' : '#1d1f24';
  const angle = (h % 4) * 45 + index * 30;

  // A few soft shapes, placed from the hash so each image of a product differs.
  const shapes: string[] = [];
  for (let k = 0; k < 4; k++) {
    const v = hash(`${h}:${k}`);
    const cx = 80 + (v % (S - 160));
    const cy = 60 + ((v >>> 10) % (S - 300));
    const r = 60 + ((v >>> 20) % 160);
    const fill = k % 2 ? accent : ink;
    const opacity = (0.06 + ((v >>> 5) % 10) / 100).toFixed(2);
    shapes.push(
      k === 3
        ? `<rect x="${cx - r}" y="${cy - r / 2}" width="${r * 2}" height="${r}" rx="${r / 4}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${(v >>> 3) % 60 - 30} ${cx} ${cy})"/>`
        : `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" fill-opacity="${opacity}"/>`,
    );
  }

  const initial = escapeXml((p.title.match(/[A-Za-z0-9]/)?.[0] ?? '?').toUpperCase());
  const titleLines = wrap(p.title, 18, 3);
  const lineHeight = 58;
  const panelH = 70 + titleLines.length * lineHeight + 40;
  const panelY = S - panelH - 40;
  const label = `${p.categorySlug.replace(/-/g, ' ').toUpperCase()}${colourName ? ` · ${colourName.toUpperCase()}` : ''}`;
  const text = titleLines
    .map(
      (line, i) =>
        `<text x="84" y="${panelY + 112 + i * lineHeight}" font-family="${FONT}" font-weight="bold" font-size="48" fill="${ink}">${escapeXml(line)}</text>`,
    )
    .join('');

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" viewBox="0 0 ${S} ${S}">
<defs>
  <linearGradient id="bg" gradientTransform="rotate(${angle} 0.5 0.5)">
    <stop offset="0" stop-color="${from}"/>
    <stop offset="1" stop-color="${to}"/>
  </linearGradient>
</defs>
<rect width="${S}" height="${S}" fill="url(#bg)"/>
${shapes.join('\n')}
<circle cx="${S / 2}" cy="${panelY / 2 + 20}" r="150" fill="${accent}" fill-opacity="0.85"/>
<text x="${S / 2}" y="${panelY / 2 + 20}" dy="0.35em" text-anchor="middle" font-family="${FONT}" font-weight="bold" font-size="190" fill="${dark ? '#1d1f24' : '#ffffff'}">${initial}</text>
<rect x="48" y="${panelY}" width="${S - 96}" height="${panelH}" rx="24" fill="${dark ? '#000000' : '#ffffff'}" fill-opacity="0.22"/>
<text x="84" y="${panelY + 50}" font-family="${FONT}" font-size="22" letter-spacing="3" fill="${ink}" fill-opacity="0.8">${escapeXml(label)}</text>
${text}
<text x="${S - 60}" y="${S - 62}" text-anchor="end" font-family="${FONT}" font-size="20" fill="${ink}" fill-opacity="0.7">${index + 1}/${p.images.length || 1}</text>
</svg>`;
}

const JPEG_QUALITY = 80;
/** Bump when the rendering pipeline changes in a way the SVG source does not capture. */
const RENDERER_VERSION = 1;

/**
 * A short fingerprint of what `renderProductImage(p, index)` would produce. The seed stores it as
 * R2 custom metadata so a reseed can skip re-rendering and re-uploading unchanged images.
 */
export function productImageFingerprint(p: SeedProduct, index: number): string {
  const svg = productImageSvg(p, index);
  return `${RENDERER_VERSION}-${JPEG_QUALITY}-${hash(svg).toString(36)}-${svg.length.toString(36)}`;
}

/** An 800×800 JPEG (quality 80) placeholder photo for image `index` (0-based) of product `p`. */
export async function renderProductImage(p: SeedProduct, index: number): Promise<Uint8Array> {
  // Plain libjpeg-turbo settings: `mozjpeg: true` makes files ~10% smaller but encoding ~3× slower,
  // which dominates a 1,000-image seed.
  const buf = await sharp(Buffer.from(productImageSvg(p, index)))
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
