/** Shoes, bags, hats and small goods on an 800×800 canvas (see studio.ts). */
import type { Drawing, Palette } from './studio';

const line = (d: string, c: string, w = 3, o = 0.55) =>
  `<path d="${d}" fill="none" stroke="${c}" stroke-opacity="${o}" stroke-width="${w}" stroke-linecap="round"/>`;
const stitch = (d: string, c: string) =>
  `<path d="${d}" fill="none" stroke="${c}" stroke-opacity=".5" stroke-width="2" stroke-dasharray="7 6"/>`;
const METAL = '<linearGradient id="metal" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f1efe9"/><stop offset=".5" stop-color="#b9b5ad"/><stop offset="1" stop-color="#8f8b84"/></linearGradient>';
const SOLE = 'M140 520 L668 520 C690 522 694 566 664 574 L160 574 C130 572 126 526 140 520 Z';

export function sneaker(c: Palette): Drawing {
  return {
    outline:
      'M168 524 L172 366 C176 332 208 320 240 330 L300 346 C330 352 350 346 372 362 L470 420 C540 440 628 450 654 490 C664 506 664 516 660 524 Z',
    inside:
      `<path d="M560 448 C610 456 650 470 660 524 L540 524 C550 500 556 470 560 448 Z" fill="${c.dark}" fill-opacity=".7"/>` +
      `<path d="M168 430 C230 420 262 470 262 524 L168 524 Z" fill="${c.dark}" fill-opacity=".6"/>` +
      `<path d="M270 470 C360 450 420 430 520 470 C440 460 380 480 300 500 Z" fill="${c.light}" fill-opacity=".75"/>` +
      stitch('M180 500 L650 500', c.deep),
    over:
      `<path d="${SOLE}" fill="#f2efe8" stroke="#cfc9bf" stroke-width="2"/>` +
      line('M150 552 L676 552', '#b9b2a6', 3, 0.7) +
      [0, 1, 2, 3].map((i) => line(`M${330 + i * 34} ${360 + i * 18} l26 -18`, '#f7f5f0', 7, 1)).join('') +
      `<path d="M172 366 C170 340 186 326 204 326 L210 380 Z" fill="${c.deep}"/>`,
    texture: 'canvas',
    focus: [300, 320, 240],
    shadow: [410, 574, 300],
  };
}

export function boot(c: Palette): Drawing {
  return {
    outline: 'M196 524 L200 226 C240 214 300 214 334 226 L338 384 C390 404 482 424 560 442 C630 460 662 490 656 524 Z',
    inside:
      `<path d="M196 300 L334 300 L336 318 L198 318 Z" fill="${c.deep}" fill-opacity=".5"/>` +
      `<path d="M520 436 C600 450 652 480 656 524 L520 524 C530 500 528 470 520 436 Z" fill="${c.dark}" fill-opacity=".6"/>` +
      stitch('M206 500 L646 500 M340 396 C420 414 500 432 540 446', c.deep),
    over:
      `<path d="M180 524 L668 524 C690 526 690 578 664 582 L184 582 C168 580 166 528 180 524 Z" fill="#3a302a"/>` +
      line('M182 560 L676 560', '#1e1914', 4, 0.8) +
      [0, 1, 2, 3, 4].map((i) => line(`M${300 - i * 2} ${250 + i * 32} l36 12`, '#d8c7a5', 6, 1)).join('') +
      `<path d="M200 226 C196 196 214 188 226 190 L230 226 Z" fill="${c.deep}"/>`,
    texture: 'leather',
    focus: [230, 260, 200],
    shadow: [424, 582, 290],
  };
}

export function tote(c: Palette): Drawing {
  const handle = (x0: number, x1: number, top: number, col: string) =>
    `<path d="M${x0} 300 C${x0} ${top} ${x1} ${top} ${x1} 300" fill="none" stroke="${col}" stroke-width="18" stroke-linecap="round"/>`;
  return {
    outline: 'M232 296 L568 296 L602 624 L198 624 Z',
    behind: handle(336, 464, 180, c.deep),
    inside:
      `<path d="M232 296 L568 296 L572 336 L228 336 Z" fill="${c.dark}" fill-opacity=".55"/>` +
      stitch('M230 346 L570 346 M210 608 L590 608', c.deep) +
      line('M360 336 L346 624', c.dark, 2, 0.25),
    over: handle(300, 500, 140, c.dark),
    texture: 'canvas',
    focus: [260, 260, 220],
    shadow: [400, 628, 250],
  };
}

export function backpack(c: Palette): Drawing {
  return {
    outline: 'M262 222 C262 168 306 146 400 146 C494 146 538 168 538 222 L556 598 C556 626 536 642 508 642 L292 642 C264 642 244 626 244 598 Z',
    behind: `<path d="M252 250 C200 330 208 520 250 600 M548 250 C600 330 592 520 550 600" fill="none" stroke="${c.deep}" stroke-width="26" stroke-linecap="round"/>`,
    inside:
      `<path d="M288 420 C288 396 306 384 330 384 L470 384 C494 384 512 396 512 420 L516 600 C516 618 502 628 484 628 L316 628 C298 628 284 618 284 600 Z" fill="${c.dark}" fill-opacity=".55"/>` +
      stitch('M298 400 L502 400', c.light) +
      line('M276 250 C330 214 470 214 524 250', c.deep, 4, 0.6),
    over: `<path d="M370 150 C370 112 430 112 430 150" fill="none" stroke="${c.deep}" stroke-width="12"/><defs>${METAL}</defs><rect x="470" y="392" width="14" height="26" rx="4" fill="url(#metal)"/><rect x="506" y="236" width="12" height="24" rx="4" fill="url(#metal)"/>`,
    texture: 'canvas',
    focus: [290, 330, 240],
    shadow: [400, 646, 220],
  };
}

export function beanie(c: Palette): Drawing {
  return {
    outline: 'M236 540 C226 330 300 214 400 214 C500 214 574 330 564 540 Z',
    inside:
      `<defs><pattern id="rib" width="12" height="10" patternUnits="userSpaceOnUse"><rect width="5" height="10" fill="${c.deep}" fill-opacity=".35"/></pattern></defs>` +
      `<rect x="220" y="430" width="360" height="110" fill="${c.dark}" fill-opacity=".35"/><rect x="220" y="430" width="360" height="110" fill="url(#rib)"/>` +
      `<rect x="372" y="462" width="56" height="40" rx="3" fill="#efe9dc"/>` +
      line('M240 430 C320 440 480 440 560 430', c.deep, 3, 0.5),
    texture: 'knit',
    focus: [300, 260, 200],
    shadow: [400, 544, 200],
  };
}

export function cap(c: Palette): Drawing {
  return {
    outline: 'M252 440 C252 300 320 240 400 240 C480 240 548 300 548 440 Z',
    inside:
      line('M400 240 L400 440 M330 254 C300 320 296 380 300 440 M470 254 C500 320 504 380 500 440', c.deep, 3, 0.4) +
      stitch('M262 412 L538 412', c.deep),
    over:
      `<path d="M250 436 C320 470 560 486 668 458 C660 430 580 418 548 430 C450 442 330 440 250 436 Z" fill="${c.dark}"/>` +
      stitch('M290 446 C380 466 560 470 640 454', c.light) +
      `<ellipse cx="400" cy="242" rx="16" ry="8" fill="${c.deep}"/>`,
    texture: 'twill',
    focus: [330, 250, 200],
    shadow: [440, 486, 240],
  };
}

export function wallet(c: Palette): Drawing {
  return {
    outline: 'M222 320 C222 304 234 292 250 292 L550 292 C566 292 578 304 578 320 L578 548 C578 564 566 576 550 576 L250 576 C234 576 222 564 222 548 Z',
    inside:
      `<path d="M222 292 L578 292 L578 380 C500 400 300 400 222 380 Z" fill="${c.dark}" fill-opacity=".5"/>` +
      stitch('M238 310 L562 310 L562 560 L238 560 Z', c.light) +
      line('M222 380 C300 400 500 400 578 380', c.deep, 3, 0.6),
    over: '<rect x="380" y="330" width="40" height="8" rx="4" fill="#d6d1c6"/>',
    texture: 'leather',
    focus: [230, 290, 200],
    shadow: [400, 580, 210],
  };
}

export function scarf(c: Palette): Drawing {
  const fringe = (x0: number) => Array.from({ length: 9 }, (_, i) => `M${x0 + i * 12} 600 l-2 34`).join(' ');
  return {
    outline: 'M290 130 C340 110 460 110 510 130 L520 260 L450 300 L468 600 L356 600 L350 330 L300 300 L286 600 L200 600 Z',
    inside: [0, 1, 2, 3, 4]
      .map((i) => `<rect x="150" y="${170 + i * 90}" width="500" height="22" fill="${i % 2 ? c.light : c.deep}" fill-opacity=".5"/>`)
      .join('') + line('M300 300 C330 320 350 330 350 330', c.deep, 3, 0.5),
    over: line(fringe(206), c.dark, 4, 0.9) + line(fringe(362), c.dark, 4, 0.9),
    texture: 'knit',
    focus: [340, 380, 200],
    shadow: [340, 640, 200],
  };
}

export function belt(c: Palette): Drawing {
  return {
    outline:
      'M400 240 A180 180 0 1 1 399.9 240 Z M400 310 A110 110 0 1 0 400.1 310 Z',
    inside: stitch('M400 254 A166 166 0 1 1 399.9 254 Z M400 324 A96 96 0 1 0 400.1 324 Z', c.light),
    over: `<defs>${METAL}</defs><path d="M540 372 h92 v96 h-92 Z M556 388 v64 h60 v-64 Z" fill="url(#metal)" fill-rule="evenodd"/><rect x="566" y="414" width="70" height="12" rx="5" fill="url(#metal)"/>`,
    texture: 'leather',
    focus: [470, 330, 200],
    shadow: [400, 612, 200],
  };
}

export function glove(c: Palette): Drawing {
  return {
    outline: 'M304 620 L300 330 C300 232 486 232 486 330 L486 404 C526 372 572 400 548 446 L486 528 L486 620 Z',
    inside:
      `<defs><pattern id="rib" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="4" height="10" fill="${c.deep}" fill-opacity=".35"/></pattern></defs>` +
      `<rect x="296" y="540" width="200" height="84" fill="${c.dark}" fill-opacity=".4"/><rect x="296" y="540" width="200" height="84" fill="url(#rib)"/>` +
      line('M486 404 C470 430 470 470 486 528', c.deep, 3, 0.5),
    texture: 'knit',
    focus: [300, 270, 220],
    shadow: [410, 628, 150],
  };
}
