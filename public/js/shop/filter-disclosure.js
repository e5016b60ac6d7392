// The listing's "Filter and sort" disclosure (worker/views/browse-filters.tsx). On a wide screen the
// CSS shows its content either way; opening it there too keeps what it says (its summary's
// expanded state) true. The width matches the CSS's breakpoint.
const WIDE = '(min-width: 48rem)';

/** @param {HTMLDetailsElement} details */
export function setUpFilterDisclosure(details) {
  const wide = matchMedia(WIDE);
  const sync = () => {
    details.open = wide.matches;
  };
  sync();
  wide.addEventListener('change', sync);
}
