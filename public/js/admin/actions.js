// How a section runs an admin write: a refused token is the page's business (it shows the login),
// anything else is said in the live region and listed under the form.
import { admin, ApiError } from './api.js';
import { h, say, showIssues } from './dom.js';

/**
 * Runs `action`; true when it succeeded. `issues` is the form's issue list, `name` words its paths.
 * @example await attempt(() => admin('PUT', path, body), byId('flag-issues'))
 */
export async function attempt(action, issues, name) {
  try {
    await action();
    if (issues) showIssues(issues, null);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return false;
    if (issues) showIssues(issues, err, name);
    say(err.message);
    return false;
  }
}

/** A read that failed: said, unless the token was refused. */
export const failed = (err) => {
  if (!(err instanceof ApiError && err.status === 401)) say(err.message);
};

/** A button's text with the thing it acts on for screen readers: `Edit` + ` hero`. */
export const label = (text, name) => [text, h('span', { class: 'visually-hidden' }, ` ${name}`)];

/**
 * A row's Edit and Delete buttons, named for screen readers by `name`. Delete asks first (`what` is
 * the thing, `warning` what deleting it does), then DELETEs `path`, says so and calls `reload`.
 * @example editDeleteCell({ name: 'uk', what: 'shipping zone uk', warning: '…', path, edit, reload })
 */
export function editDeleteCell({ name, what, warning, path, edit, reload }) {
  const remove = () => {
    if (!confirm(`Delete ${what}? ${warning}`)) return;
    attempt(async () => {
      await admin('DELETE', path);
      say(`Deleted ${what}.`);
      await reload();
    });
  };
  return h(
    'td',
    { class: 'admin-row-actions' },
    h('button', { type: 'button', class: 'button-quiet', onclick: edit }, ...label('Edit', name)),
    h('button', { type: 'button', class: 'button-danger', onclick: remove }, ...label('Delete', name)),
  );
}
