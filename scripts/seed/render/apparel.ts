/** Garments, drawn flat-lay from the front on an 800×800 canvas (see studio.ts). */
import type { Drawing, Palette } from './studio';

const seam = (d: string, c: string, w = 3, o = 0.55) =>
  `<path d="${d}" fill="none" stroke="${c}" stroke-opacity="${o}" stroke-width="${w}" stroke-linecap="round"/>`;
const stitch = (d: string, c: string) =>
  `<path d="${d}" fill="none" stroke="${c}" stroke-opacity=".45" stroke-width="2" stroke-dasharray="7 6"/>`;
const band = (x: number, y: number, w: number, h: number, c: string) =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${c}" fill-opacity=".45"/>` +
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="url(#rib)" />`;
/** Ribbing: vertical stripes, defined once per drawing that uses `band`. */
const RIB = (c: string) =>
  `<defs><pattern id="rib" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="4" height="10" fill="${c}" fill-opacity=".35"/></pattern></defs>`;

/** A long-sleeved body from neck to hem, the shared shape of hoodies, jackets and sweaters. */
const LONG_SLEEVES =
  'L565 222 C610 246 632 330 655 578 L603 592 C594 470 580 392 566 350 L570 636 L230 636 L234 350 ' +
  'C220 392 206 470 197 592 L145 578 C168 330 190 246 235 222 Z';

export function hoodie(c: Palette): Drawing {
  return {
    outline: `M322 214 C318 128 360 98 400 98 C440 98 482 128 478 214 ${LONG_SLEEVES}`,
    inside:
      RIB(c.deep) +
      `<path d="M348 214 C350 160 372 140 400 140 C428 140 450 160 452 214 C440 250 360 250 348 214 Z" fill="${c.deep}" fill-opacity=".7"/>` +
      seam('M300 470 L500 470 L532 584 L268 584 Z', c.deep, 3, 0.5) +
      seam('M330 470 L300 584 M470 470 L500 584', c.deep, 2, 0.35) +
      band(230, 604, 340, 32, c.deep) +
      band(145, 570, 58, 24, c.deep) +
      band(597, 570, 58, 24, c.deep) +
      seam('M236 232 C270 300 268 330 240 350 M564 232 C530 300 532 330 560 350', c.deep, 2, 0.3),
    over:
      `<path d="M384 240 L380 336 M416 240 L420 336" stroke="${c.light}" stroke-width="6" stroke-linecap="round"/>` +
      `<circle cx="380" cy="340" r="6" fill="#c9c6bf"/><circle cx="420" cy="340" r="6" fill="#c9c6bf"/>`,
    texture: 'jersey',
    focus: [300, 180, 260],
    shadow: [400, 646, 270],
  };
}

/** A full-zip hoodie: the hoodie with a zip from the hood to the hem and the pouch split in two. */
export function zipHoodie(c: Palette): Drawing {
  const base = hoodie(c);
  return {
    ...base,
    inside: (base.inside ?? '').replace(
      seam('M300 470 L500 470 L532 584 L268 584 Z', c.deep, 3, 0.5),
      seam('M300 470 L388 470 L388 584 L268 584 Z M412 470 L500 470 L532 584 L412 584 Z', c.deep, 3, 0.5),
    ),
    over:
      // Tape, teeth (metal, so colourless for the layered renderer), then the slider and its pull.
      `<path d="M400 244 L400 634" stroke="${c.deep}" stroke-opacity=".8" stroke-width="9"/>` +
      `<path d="M400 244 L400 634" stroke="#c9c6bf" stroke-width="5" stroke-dasharray="2.5 2.5"/>` +
      `<rect x="393" y="250" width="14" height="18" rx="3" fill="#b9b6ae"/><rect x="396" y="266" width="8" height="22" rx="3" fill="#d8d5ce"/>` +
      (base.over ?? ''),
  };
}

export function tee(c: Palette): Drawing {
  return {
    outline:
      'M338 168 C356 198 444 198 462 168 L560 196 L662 288 L610 362 L562 322 L566 632 L234 632 L238 322 L190 362 L138 288 L240 196 Z',
    inside:
      seam('M338 168 C356 214 444 214 462 168', c.deep, 10, 0.45) +
      stitch('M196 330 L232 300 M604 330 L568 300', c.deep) +
      stitch('M238 612 L562 612', c.deep) +
      seam('M240 200 C262 260 256 300 238 322 M560 200 C538 260 544 300 562 322', c.deep, 2, 0.3) +
      seam('M300 360 C360 372 440 372 500 360', c.deep, 1.5, 0.15),
    texture: 'jersey',
    focus: [300, 150, 220],
    shadow: [400, 642, 240],
  };
}

export function jacket(c: Palette): Drawing {
  return {
    outline: `M318 172 L400 204 L482 172 ${LONG_SLEEVES}`,
    inside:
      RIB(c.deep) +
      `<path d="M318 172 L400 204 L368 268 L300 206 Z M482 172 L400 204 L432 268 L500 206 Z" fill="${c.dark}"/>` +
      seam('M400 204 L400 636', c.deep, 4, 0.6) +
      `<rect x="270" y="300" width="92" height="90" rx="6" fill="${c.dark}" fill-opacity=".25"/>` +
      `<rect x="438" y="300" width="92" height="90" rx="6" fill="${c.dark}" fill-opacity=".25"/>` +
      `<path d="M266 296 H366 V326 H266 Z M434 296 H534 V326 H434 Z" fill="${c.dark}" fill-opacity=".7"/>` +
      stitch('M278 520 L362 520 M438 520 L522 520', c.deep) +
      stitch('M236 612 L564 612', c.deep) +
      band(145, 566, 58, 26, c.deep) +
      band(597, 566, 58, 26, c.deep),
    over: `<path d="M400 208 L400 630" stroke="#c9c6bf" stroke-width="3" stroke-dasharray="3 3"/><rect x="394" y="212" width="12" height="22" rx="3" fill="#b8b4ac"/>`,
    texture: 'twill',
    focus: [250, 200, 240],
    shadow: [400, 646, 270],
  };
}

export function sweater(c: Palette): Drawing {
  return {
    outline: `M330 200 C352 226 448 226 470 200 ${LONG_SLEEVES}`,
    inside:
      RIB(c.deep) +
      `<path d="M320 196 C350 244 450 244 480 196 L470 200 C448 226 352 226 330 200 Z" fill="${c.dark}"/>` +
      band(230, 590, 340, 46, c.deep) +
      band(145, 556, 58, 36, c.deep) +
      band(597, 556, 58, 36, c.deep) +
      [340, 400, 460]
        .map((x) => seam(`M${x} 250 ${Array.from({ length: 9 }, (_, i) => `Q${x + (i % 2 ? -14 : 14)} ${268 + i * 38} ${x} ${288 + i * 38}`).join(' ')}`, c.deep, 5, 0.28))
        .join(''),
    texture: 'knit',
    focus: [300, 330, 200],
    shadow: [400, 646, 270],
  };
}

export function trousers(c: Palette): Drawing {
  return {
    outline: 'M268 128 L532 128 L546 200 L584 642 L468 652 L404 292 L396 292 L332 652 L216 642 L254 200 Z',
    inside:
      `<rect x="260" y="128" width="280" height="38" fill="${c.dark}" fill-opacity=".8"/>` +
      [300, 360, 440, 500].map((x) => `<rect x="${x - 5}" y="124" width="10" height="48" rx="2" fill="${c.dark}"/>`).join('') +
      seam('M400 166 L400 292', c.deep, 3) +
      stitch('M412 170 C414 230 412 260 402 282', c.deep) +
      seam('M266 170 C300 190 322 214 330 246 M534 170 C500 190 478 214 470 246', c.deep, 3, 0.5) +
      seam('M296 300 L272 640 M504 300 L528 640', c.light, 2, 0.35) +
      stitch('M222 620 L330 628 M470 628 L578 620', c.deep),
    over: `<circle cx="400" cy="147" r="7" fill="#b8b4ac"/>`,
    texture: 'twill',
    focus: [330, 130, 220],
    shadow: [400, 652, 220],
  };
}

export function sock(c: Palette): Drawing {
  return {
    outline:
      'M330 140 L470 140 L470 420 C470 466 500 488 560 506 L612 522 C664 540 668 622 612 628 L440 628 C356 622 318 566 326 480 Z',
    inside:
      RIB(c.deep) +
      band(326, 140, 148, 90, c.deep) +
      `<path d="M326 520 C330 600 380 630 450 630 L470 630 C420 600 400 560 410 520 Z" fill="${c.deep}" fill-opacity=".55"/>` +
      `<path d="M600 520 C650 536 670 620 612 630 L560 630 C590 600 596 560 580 514 Z" fill="${c.deep}" fill-opacity=".55"/>` +
      seam('M330 300 L470 300 M330 316 L470 316', c.light, 4, 0.5),
    texture: 'knit',
    focus: [330, 140, 180],
    shadow: [480, 636, 200],
  };
}
