// Reading what a form holds: text trimmed, whole numbers and dollar amounts checked as typed. Each
// problem becomes an issue in the API's shape, listed like the API's own, never guessed at.
import { toDecimal, toMinor } from './dom.js';

/** The store sells in one currency; amounts are typed in its major unit and sent in minor units. */
export const CURRENCY = 'usd';

/** Cents as the dollars a person types ("" for none): 1999 → "19.99". */
export const dollarsText = (amount) => (amount === undefined || amount === null ? '' : toDecimal(amount, CURRENCY));

/**
 * A reader that collects issues as it goes; `done()` throws them (as an ApiError would carry them).
 * @example
 * const read = reader();
 * const amount = read.dollars(form.elements.amount, 'value', { required: true });
 * read.done();
 */
export function reader() {
  const issues = [];
  const problem = (path, message) => {
    issues.push({ path, message });
    return undefined;
  };
  return {
    issues,
    problem,
    text: (input) => input.value.trim(),
    whole(input, path, { required = false } = {}) {
      const text = input.value.trim();
      if (!text) return required ? problem(path, 'Required') : undefined;
      return /^\d{1,10}$/.test(text) ? Number(text) : problem(path, `“${text}” is not a whole number`);
    },
    /** Dollars and cents ("5", "4.99") as integer cents, by digits: no float is multiplied. */
    dollars(input, path, { required = false } = {}) {
      const text = input.value.trim();
      if (!text) return required ? problem(path, 'Required') : undefined;
      return toMinor(text, CURRENCY) ?? problem(path, `“${text}” is not an amount in dollars, such as 5 or 4.99`);
    },
    done() {
      if (issues.length > 0) throw Object.assign(new Error('Check the form: some fields are not right yet'), { issues });
    },
  };
}
