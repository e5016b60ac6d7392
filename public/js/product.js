// Product page enhancement: the variant picker answers at once (price, stock, gallery, URL) and
// live stock disables sold-out values. Without JS the picker is a GET form and all of this is
// server-rendered from ?colour=&size=. The cached HTML carries only each variant's stock band (in
// stock / a few left / sold out); the exact "N left" comes live (shop/live-stock.js).
import { liveStock } from './shop/live-stock.js';

const picker = document.getElementById('variant-picker');
const form = document.querySelector('form.add-to-cart');
const skuInput = form?.querySelector('[name=sku]');
const price = document.getElementById('product-price');
const stock = document.querySelector('[data-stock-skus]');
const submit = form?.querySelector('[type=submit]');
const data = JSON.parse(document.getElementById('product-data')?.textContent || '{"variants":[],"images":[]}');
const levels = new Map();
/** The live-stock connection (set up at the end), which follows the variant on show. */
let live = null;

const groups = picker ? [...picker.querySelectorAll('fieldset[data-option]')] : [];
const optionOf = (group) => group.dataset.option;
const radios = (group) => [...group.querySelectorAll('input[type=radio]')];
const fits = (variant, wanted) => Object.entries(wanted).every(([k, v]) => variant.options[k] === v);
const soldOut = (variant) => (levels.has(variant.sku) ? levels.get(variant.sku) <= 0 : variant.band === 'out');

function current() {
  const wanted = {};
  for (const group of groups) {
    const checked = radios(group).find((r) => r.checked);
    if (checked) wanted[optionOf(group)] = checked.value;
  }
  return wanted;
}

/** The variant for `wanted`; when it does not exist, later groups give way, as on the server. */
function resolve(wanted, changed) {
  const order = groups.map(optionOf);
  const keep = { ...wanted };
  let variant = data.variants.find((v) => fits(v, keep));
  for (const option of [...order].reverse()) {
    if (variant) break;
    if (option === changed) continue;
    delete keep[option];
    variant = data.variants.find((v) => fits(v, keep) && !soldOut(v)) || data.variants.find((v) => fits(v, keep));
  }
  return variant || data.variants[0];
}

function render(variant) {
  groups.forEach((group, i) => {
    const option = optionOf(group);
    const before = Object.fromEntries(groups.slice(0, i).map((g) => [optionOf(g), variant.options[optionOf(g)]]));
    const beforeText = Object.values(before).join(' / ');
    for (const radio of radios(group)) {
      const candidates = data.variants.filter((v) => v.options[option] === radio.value && fits(v, before));
      const why = candidates.length === 0 ? `not made in ${beforeText}` : candidates.every(soldOut) ? 'sold out' : '';
      radio.checked = radio.value === variant.options[option];
      radio.disabled = why !== '' && !radio.checked;
      const note = document.getElementById(`${radio.id}-why`);
      if (note) note.textContent = why ? ` (${why})` : '';
      if (why) radio.setAttribute('aria-describedby', `${radio.id}-why`);
      else radio.removeAttribute('aria-describedby');
    }
    const shown = group.querySelector('.option-chosen');
    if (shown) shown.textContent = variant.options[option] ?? '';
  });
  if (skuInput) skuInput.value = variant.sku;
  if (price) price.textContent = variant.price;
  showStock(variant.sku);
}

/**
 * Disables the add button when sold out. While an add is in flight (the form is aria-busy, its button
 * disabled by shop/add-to-cart.js) the level is left for the busy state to restore, so a stock update
 * arriving meanwhile never re-enables a busy button.
 */
function setSoldOut(out) {
  if (!submit) return;
  if (form?.getAttribute('aria-busy') === 'true') submit.dataset.wasDisabled = String(out);
  else submit.disabled = out;
}

const BAND_TEXT = { in: 'In stock', low: 'Only a few left', out: 'Sold out' };

function showStock(sku) {
  if (!stock) return;
  const n = levels.get(sku);
  // Until the live level arrives, the band the server rendered (worker/stock/bands.ts).
  const level = n === undefined ? (data.variants.find((v) => v.sku === sku)?.band ?? '') : n <= 0 ? 'out' : n <= 5 ? 'low' : 'in';
  const text = n === undefined ? BAND_TEXT[level] : { out: 'Sold out', low: `Only ${n} left`, in: `In stock: ${n} left` }[level];
  if (level) stock.dataset.level = level;
  else delete stock.dataset.level;
  stock.textContent = text ?? '';
  setSoldOut(level === 'out');
  live?.follow(sku);
}

let shownColour = current().color;
function showGallery(colour) {
  const gallery = document.querySelector('.gallery');
  if (!gallery || colour === shownColour) return;
  shownColour = colour;
  let images = data.images.filter((img) => !img.color || img.color === colour);
  if (!images.length) images = data.images;
  const [main] = images;
  if (!main) return;
  const img = document.createElement('img');
  Object.assign(img, { className: 'gallery-main', id: 'product-image', src: main.src, srcset: main.srcset, alt: main.alt, width: main.width, height: main.height });
  img.sizes = '(min-width: 48rem) 50vw, 100vw';
  const parts = [img];
  if (images.length > 1) {
    const list = document.createElement('ul');
    list.className = 'thumbs';
    list.setAttribute('role', 'list');
    images.forEach((image, i) => {
      const a = Object.assign(document.createElement('a'), { href: image.src });
      Object.assign(a.dataset, { src: image.src, srcset: image.srcset, alt: image.alt, width: image.width, height: image.height });
      if (i === 0) a.setAttribute('aria-current', 'true');
      const thumb = Object.assign(document.createElement('img'), { src: image.thumb, alt: image.alt, width: image.width, height: image.height, loading: 'lazy' });
      a.append(thumb);
      const item = document.createElement('li');
      item.append(a);
      list.append(item);
    });
    parts.push(list);
  }
  gallery.replaceChildren(...parts);
}

function choose(changed) {
  const variant = resolve(current(), changed);
  render(variant);
  showGallery(variant.options.color);
  const url = new URL(location.href);
  for (const group of groups) {
    const param = radios(group)[0]?.name;
    if (param) url.searchParams.set(param, variant.options[optionOf(group)]);
  }
  history.replaceState(null, '', url);
}

if (picker) {
  picker.dataset.enhanced = '';
  picker.addEventListener('change', (e) => choose(e.target.closest('fieldset')?.dataset.option));
  picker.addEventListener('submit', (e) => e.preventDefault());
}

// Thumbnails swap the main image in place (delegated: the gallery is rebuilt on a colour change).
document.querySelector('.gallery')?.addEventListener('click', (e) => {
  const a = e.target.closest('.thumbs a');
  const img = document.getElementById('product-image');
  if (!a || !img) return;
  e.preventDefault();
  img.srcset = a.dataset.srcset;
  img.src = a.dataset.src;
  img.alt = a.dataset.alt;
  img.width = +a.dataset.width;
  img.height = +a.dataset.height;
  a.closest('.thumbs').querySelectorAll('a').forEach((t) => t.removeAttribute('aria-current'));
  a.setAttribute('aria-current', 'true');
});

// Every variant's level once (for the picker's sold-out values), then the chosen one live.
if (stock?.dataset.stockSkus && (stock.dataset.stockSrc || stock.dataset.liveSrc)) {
  let pending = 0;
  const rerender = () => {
    pending = 0;
    const variant = data.variants.find((v) => v.sku === skuInput?.value);
    if (variant) render(variant);
  };
  live = liveStock({
    liveSrc: stock.dataset.liveSrc,
    pollSrc: stock.dataset.stockSrc,
    skus: stock.dataset.stockSkus.split(','),
    onLevel(sku, available) {
      if (levels.get(sku) === available) return;
      levels.set(sku, available);
      // One render per frame however many levels arrive at once.
      pending ||= requestAnimationFrame(rerender);
    },
  });
  live.poll();
  if (skuInput?.value) live.follow(skuInput.value);
}
