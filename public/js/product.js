// Product page enhancement. The stock island ships empty because the HTML is cached.
const form = document.querySelector('.add-to-cart');
const price = document.getElementById('product-price');
const stock = document.querySelector('[data-stock-skus]');
const submit = form?.querySelector('[type=submit]');
const levels = new Map();

function chosen() {
  const el = form?.querySelector('[name=sku]:checked') || form?.querySelector('[name=sku]');
  if (!el) return null;
  return el.tagName === 'SELECT' ? el.selectedOptions[0] : el;
}

function update() {
  const el = chosen();
  if (!el) return;
  if (price && el.dataset.price) price.textContent = el.dataset.price;
  if (!stock || !levels.size) return;
  const n = levels.get(el.value);
  const level = n === undefined ? '' : n <= 0 ? 'out' : n <= 5 ? 'low' : 'in';
  stock.dataset.level = level;
  stock.textContent = { out: 'Out of stock', low: `Only ${n} left`, in: 'In stock' }[level] ?? '';
  if (submit) submit.disabled = level === 'out';
}

form?.addEventListener('change', update);

document.querySelectorAll('.thumbs a').forEach((a) => {
  a.addEventListener('click', (e) => {
    const img = document.getElementById('product-image');
    if (!img) return;
    e.preventDefault();
    img.srcset = a.dataset.srcset;
    img.src = a.dataset.src;
    img.alt = a.dataset.alt;
    img.width = +a.dataset.width;
    img.height = +a.dataset.height;
    document.querySelectorAll('.thumbs a').forEach((t) => t.removeAttribute('aria-current'));
    a.setAttribute('aria-current', 'true');
  });
});

// The page names the stock endpoint only once the store has one (the per-SKU counters).
if (stock?.dataset.stockSkus && stock.dataset.stockSrc) {
  fetch(`${stock.dataset.stockSrc}?skus=${encodeURIComponent(stock.dataset.stockSkus)}`, { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : null))
    .then((body) => {
      for (const item of body?.items ?? []) {
        if (typeof item.available === 'number') levels.set(item.sku, item.available);
      }
      update();
    })
    .catch(() => {});
}
