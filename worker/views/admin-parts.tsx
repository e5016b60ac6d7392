/** The pieces every admin section is built of: labelled fields, tables /js/admin.js fills, issue lists. */

/** A label, its control and an optional hint; `show` (`field:value other`) lets the script hide it while that field has another value. */
export const Field = (props: { id: string; label: string; hint?: string; show?: string; children: any }) => (
  <div class="field" data-show={props.show}>
    <label for={props.id}>{props.label}</label>
    {props.children}
    {props.hint ? (
      <small id={`${props.id}-hint`} class="muted">
        {props.hint}
      </small>
    ) : null}
  </div>
);

/** A table whose rows /js/admin.js fills in, with a last column for each row's actions. */
export const DataTable = (props: { id: string; caption: string; columns: string[]; actions?: string }) => (
  <div class="admin-scroll">
    <table class="admin-table">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((name) => (
            <th scope="col">{name}</th>
          ))}
          <th scope="col">{props.actions ?? <span class="visually-hidden">Actions</span>}</th>
        </tr>
      </thead>
      <tbody id={props.id} />
    </table>
  </div>
);

/** Where the API's `issues` for a form are listed. */
export const Issues = (props: { id: string }) => <ul id={props.id} class="admin-issues" aria-live="polite" />;
