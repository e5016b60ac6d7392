import { ORDER_STATUSES } from '../db/orders-schema';
import { DataTable, Field, Issues } from './admin-parts';
import { PromotionsSection, ShippingZonesSection, TaxSection } from './admin-pricing';
import { ExperimentResultsSection, HealthSection } from './admin-telemetry';

export const ADMIN_PAGE_SCRIPTS = ['/js/admin.js'];

/**
 * The admin shell. It carries no data and no token: /js/admin.js signs in with the token kept in
 * sessionStorage, then fills each section from the admin API. Without JavaScript only the notice shows.
 */
export function AdminPage() {
  return (
    <div class="admin">
      <h1>Store admin</h1>
      <p id="admin-needs-js" class="notice">
        The admin needs JavaScript: turn it on and reload this page.
      </p>
      <p id="admin-status" class="admin-status" role="status" aria-live="polite" />

      {/* POST, so even a form submitted without the script never puts the token in a URL. */}
      <form id="admin-login" class="admin-form admin-login" method="post" action="/admin" aria-labelledby="login-title" hidden>
        <h2 id="login-title">Sign in</h2>
        <Field id="admin-token" label="Admin token" hint="Kept in this tab only, until you sign out or close it.">
          <input
            id="admin-token"
            name="token"
            type="password"
            autocomplete="current-password"
            required
            aria-describedby="admin-token-hint login-error"
          />
        </Field>
        <p id="login-error" class="admin-error" role="alert" />
        <button type="submit">Sign in</button>
      </form>

      <div id="admin-app" hidden>
        <nav class="admin-nav" aria-label="Admin sections">
          <ul class="chips" role="list">
            <li><a class="chip" href="#health">Health</a></li>
            <li><a class="chip" href="#experiment-results">Experiment results</a></li>
            <li><a class="chip" href="#experiments">Experiments</a></li>
            <li><a class="chip" href="#flags">Flags</a></li>
            <li><a class="chip" href="#products">Products and stock</a></li>
            <li><a class="chip" href="#promotions">Promotions</a></li>
            <li><a class="chip" href="#shipping">Shipping</a></li>
            <li><a class="chip" href="#tax">Tax</a></li>
            <li><a class="chip" href="#drops">Drops</a></li>
            <li><a class="chip" href="#orders">Orders</a></li>
          </ul>
          <button id="sign-out" type="button" class="button-quiet">
            Sign out
          </button>
        </nav>

        <HealthSection />
        <ExperimentResultsSection />

        <section id="experiments" class="admin-section" aria-labelledby="experiments-title">
          <h2 id="experiments-title">Experiments</h2>
          <DataTable id="experiment-rows" caption="Experiments" columns={['Id', 'Paths', 'Variants', 'State']} />
          <form id="experiment-form" class="admin-form" aria-labelledby="experiment-form-title" novalidate>
            <h3 id="experiment-form-title">Create or edit an experiment</h3>
            <Field id="experiment-id" label="Id" hint="Lower-case letters, digits and hyphens, e.g. hero.">
              <input id="experiment-id" name="id" type="text" required aria-describedby="experiment-id-hint" />
            </Field>
            <Field id="experiment-paths" label="Paths" hint="Comma-separated, e.g. /, /products/*">
              <input id="experiment-paths" name="paths" type="text" required aria-describedby="experiment-paths-hint" />
            </Field>
            <Field id="experiment-variants" label="Variants" hint="Comma-separated name:weight, e.g. control:50, bold:50">
              <input id="experiment-variants" name="variants" type="text" required aria-describedby="experiment-variants-hint" />
            </Field>
            <div class="check">
              <input id="experiment-enabled" name="enabled" type="checkbox" checked />
              <label for="experiment-enabled">Enabled</label>
            </div>
            <Issues id="experiment-issues" />
            <button type="submit">Save experiment</button>
          </form>
        </section>

        <section id="flags" class="admin-section" aria-labelledby="flags-title">
          <h2 id="flags-title">Feature flags</h2>
          <p class="muted">
            Turning the <code>checkout</code> flag off pauses checkout for every shopper. A flag that was never set
            counts as on.
          </p>
          <DataTable id="flag-rows" caption="Feature flags" columns={['Key', 'Description', 'State']} />
          <form id="flag-form" class="admin-form" aria-labelledby="flag-form-title" novalidate>
            <h3 id="flag-form-title">Add or change a flag</h3>
            <Field id="flag-key" label="Key">
              <input id="flag-key" name="key" type="text" required />
            </Field>
            <Field id="flag-description" label="Description (optional)">
              <input id="flag-description" name="description" type="text" maxlength={500} />
            </Field>
            <div class="check">
              <input id="flag-enabled" name="enabled" type="checkbox" checked />
              <label for="flag-enabled">Enabled</label>
            </div>
            <Issues id="flag-issues" />
            <button type="submit">Save flag</button>
          </form>
        </section>

        <section id="products" class="admin-section" aria-labelledby="products-title">
          <h2 id="products-title">Products and stock</h2>
          <form id="product-search" class="search" role="search" aria-label="Products">
            <label for="product-q">Search products</label>
            <input id="product-q" name="q" type="search" maxlength={200} />
            <button type="submit">Search</button>
          </form>
          <DataTable id="product-rows" caption="Products" columns={['Product', 'Slug', 'Price']} />
          <p>
            <button id="product-next" type="button" class="button-quiet" hidden>
              Next page of products
            </button>
          </p>

          <section id="product-editor" class="admin-panel" aria-labelledby="product-editor-title" tabindex={-1} hidden>
            <h3 id="product-editor-title">Edit product</h3>
            <form id="product-form" class="admin-form" novalidate>
              <Field id="product-title" label="Title">
                <input id="product-title" name="title" type="text" required maxlength={200} />
              </Field>
              <Field id="product-description" label="Description">
                <textarea id="product-description" name="description" rows={4} maxlength={5000} />
              </Field>
              <fieldset id="product-prices" class="admin-fieldset">
                <legend>Prices in dollars</legend>
              </fieldset>
              <Issues id="product-issues" />
              <div class="admin-actions">
                <button type="submit">Save product</button>
                <button id="product-delete" type="button" class="button-danger">
                  Delete product
                </button>
              </div>
            </form>
            <h4 id="stock-title">Stock</h4>
            <DataTable id="stock-rows" caption="Stock by SKU" columns={['SKU', 'On hand', 'Held', 'Available', 'Committed']} actions="Set on hand" />
          </section>
        </section>

        <PromotionsSection />
        <ShippingZonesSection />
        <TaxSection />

        <section id="drops" class="admin-section" aria-labelledby="drops-title">
          <h2 id="drops-title">Drops</h2>
          <p class="muted">
            A drop sells its SKUs only through its waiting room (<code>/drops/&lt;id&gt;</code>), at the admission rate, at most the limit per
            customer.
          </p>
          <DataTable id="drop-rows" caption="Drops" columns={['Id', 'SKUs', 'Starts', 'Per minute', 'Per customer', 'Turnstile']} />
          <form id="drop-form" class="admin-form" aria-labelledby="drop-form-title" novalidate>
            <h3 id="drop-form-title">Create or edit a drop</h3>
            <Field id="drop-id" label="Id" hint="Lower-case letters, digits and hyphens, e.g. spring-sneaker.">
              <input id="drop-id" name="id" type="text" required aria-describedby="drop-id-hint" />
            </Field>
            <Field id="drop-skus" label="SKUs" hint="Comma-separated.">
              <input id="drop-skus" name="skus" type="text" required aria-describedby="drop-skus-hint" />
            </Field>
            <Field id="drop-starts" label="Starts (UTC)">
              <input id="drop-starts" name="startsAt" type="datetime-local" required />
            </Field>
            <Field id="drop-rate" label="Admitted per minute">
              <input id="drop-rate" name="admitPerMinute" type="number" min={1} value="60" required />
            </Field>
            <Field id="drop-limit" label="Limit per customer">
              <input id="drop-limit" name="perCustomerLimit" type="number" min={1} max={99} value="1" required />
            </Field>
            <div class="check">
              <input id="drop-turnstile" name="turnstile" type="checkbox" checked />
              <label for="drop-turnstile">Turnstile bot check</label>
            </div>
            <Issues id="drop-issues" />
            <button type="submit">Save drop</button>
          </form>
        </section>

        <section id="orders" class="admin-section" aria-labelledby="orders-title">
          <h2 id="orders-title">Orders</h2>
          <form id="order-filter" class="search" aria-label="Filter orders">
            <label for="order-status">Status</label>
            <select id="order-status" name="status">
              <option value="">Any status</option>
              {ORDER_STATUSES.map((s) => (
                <option value={s}>{s}</option>
              ))}
            </select>
            <button type="submit">Show</button>
          </form>
          <DataTable id="order-rows" caption="Orders, newest first" columns={['Placed', 'Order', 'Email', 'Status', 'Ship to', 'Discounts', 'Tax', 'Total', 'Flag']} />
          <p>
            <button id="order-next" type="button" class="button-quiet" hidden>
              Next page of orders
            </button>
          </p>
        </section>
      </div>
    </div>
  );
}
