import type { Product } from '../catalog/types';
import type { OptionGroup, VariantChoice } from '../catalog/variant-choice';

const LABELS: Record<string, string> = { color: 'Colour', size: 'Size' };
const labelOf = (option: string) => LABELS[option] ?? option.charAt(0).toUpperCase() + option.slice(1);

/**
 * One radio group per option (colour, then size…), as a GET form on the product's own URL: without
 * JS, "Show this choice" reloads the page server-rendered for `?colour=…&size=…`; product.js answers
 * each change at once (price, stock, gallery, URL) and hides the button. Values no variant has with
 * the choices before them are disabled with the reason; product.js adds "sold out" from live stock.
 */
export function VariantPicker({ product, choice }: { product: Product; choice: VariantChoice }) {
  if (choice.groups.length === 0) return null;
  return (
    <form class="variant-picker" method="get" action={`/products/${encodeURIComponent(product.slug)}`} id="variant-picker">
      {choice.groups.map((group) => (
        <Group group={group} />
      ))}
      <button class="button button-quiet picker-submit" type="submit">
        Show this choice
      </button>
    </form>
  );
}

function Group({ group }: { group: OptionGroup }) {
  const id = (i: number) => `opt-${group.param}-${i}`;
  return (
    <fieldset class="option-group" data-option={group.option}>
      <legend>
        {labelOf(group.option)}: <span class="option-chosen">{group.chosen}</span>
      </legend>
      <div class="option-values">
        {group.values.map((v, i) => (
          <div class="option-value">
            <input
              type="radio"
              id={id(i)}
              name={group.param}
              value={v.value}
              checked={v.value === group.chosen}
              disabled={v.unavailable !== null}
              aria-describedby={v.unavailable ? `${id(i)}-why` : undefined}
            />
            <label for={id(i)}>
              <span class="option-name">{v.value}</span>
              <span class="option-why" id={`${id(i)}-why`}>
                {v.unavailable ? ` (${v.unavailable})` : ''}
              </span>
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
