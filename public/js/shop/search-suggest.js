// The header search as a WAI-ARIA 1.2 combobox (list autocomplete, no automatic selection): typing
// asks GET /api/search/suggest (debounced, answers kept per page); ArrowDown/ArrowUp move through the
// suggestions, Enter opens the one highlighted (or searches, as without JS), Escape closes the list
// and, when already closed, clears the box.

const DEBOUNCE_MS = 150;
const MIN_CHARS = 2;

export function setUpSuggest(input) {
  const form = input.form;
  if (!form) return;
  const listbox = document.createElement('ul');
  const status = document.createElement('p');
  listbox.id = `${input.id}-suggestions`;
  listbox.className = 'suggest-list';
  listbox.setAttribute('role', 'listbox');
  listbox.setAttribute('aria-label', 'Suggestions');
  listbox.hidden = true;
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  form.classList.add('suggest');
  form.append(listbox, status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);
  input.autocomplete = 'off';

  const answers = new Map();
  let items = [];
  let active = -1;
  let timer = 0;
  let inflight;

  const options = () => [...listbox.children];

  function setActive(index, { scroll = true } = {}) {
    active = index;
    options().forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    const li = options()[index];
    if (li) {
      input.setAttribute('aria-activedescendant', li.id);
      // Scrolls the list only, never the page (scrollIntoView would move the page on a phone).
      if (scroll && li.offsetTop < listbox.scrollTop) listbox.scrollTop = li.offsetTop;
      else if (scroll && li.offsetTop + li.offsetHeight > listbox.scrollTop + listbox.clientHeight) {
        listbox.scrollTop = li.offsetTop + li.offsetHeight - listbox.clientHeight;
      }
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }

  function open() {
    if (items.length === 0) return close();
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function render(list) {
    items = list;
    listbox.replaceChildren(
      ...list.map((item, i) => {
        const li = document.createElement('li');
        li.id = `${listbox.id}-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.className = 'suggest-option';
        li.dataset.slug = item.slug;
        const img = document.createElement('img');
        img.alt = '';
        img.width = 40;
        img.height = 40;
        img.loading = 'lazy';
        if (item.image) img.src = item.image;
        const title = document.createElement('span');
        title.textContent = item.title;
        li.append(img, title);
        return li;
      }),
    );
    active = -1;
    input.removeAttribute('aria-activedescendant');
    status.textContent = list.length === 0 ? '' : `${list.length} suggestion${list.length === 1 ? '' : 's'}, use the arrow keys to choose`;
    if (document.activeElement === input) open();
  }

  async function lookUp(q) {
    const key = q.toLowerCase();
    if (answers.has(key)) return render(answers.get(key));
    inflight?.abort();
    inflight = new AbortController();
    try {
      const res = await fetch(`${input.dataset.suggest}?${new URLSearchParams({ q })}`, {
        headers: { accept: 'application/json' },
        signal: inflight.signal,
      });
      const body = res.ok ? await res.json() : { items: [] };
      answers.set(key, body.items ?? []);
      if (input.value.trim() === q) render(answers.get(key));
    } catch {
      // Aborted by newer typing, or offline: the form still searches.
    }
  }

  const go = (item) => {
    window.location.assign(`/products/${encodeURIComponent(item.slug)}`);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if ((q.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < MIN_CHARS) {
      inflight?.abort();
      render([]);
      return close();
    }
    timer = setTimeout(() => lookUp(q), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (e) => {
    const shown = !listbox.hidden;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!shown) open();
        else if (items.length) setActive((active + 1) % items.length);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!shown) open();
        else if (items.length) setActive(active <= 0 ? items.length - 1 : active - 1);
        break;
      case 'Enter':
        if (shown && active >= 0) {
          e.preventDefault();
          go(items[active]);
        }
        break;
      case 'Escape':
        if (shown) {
          e.preventDefault();
          close();
        } else if (input.value) {
          e.preventDefault();
          input.value = '';
          render([]);
        }
        break;
      case 'Tab':
        close();
        break;
    }
  });

  // mousedown, not click: keeps focus in the box so the list does not close before the click lands.
  listbox.addEventListener('mousedown', (e) => e.preventDefault());
  listbox.addEventListener('click', (e) => {
    const li = e.target.closest('[role=option]');
    if (li) go(items[options().indexOf(li)]);
  });
  listbox.addEventListener('mousemove', (e) => {
    const li = e.target.closest('[role=option]');
    if (li) setActive(options().indexOf(li), { scroll: false });
  });
  input.addEventListener('focus', () => open());
  input.addEventListener('blur', () => close());
}
