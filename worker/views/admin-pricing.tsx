import { DataTable, Field, Issues } from './admin-parts';

/**
 * The admin sections for what the pricing engine reads: promotions, shipping zones and tax. Like the
 * rest of the admin shell they hold no data; /js/admin/promotions.js, shipping.js and tax.js fill them.
 * Amounts are typed in dollars and sent in cents.
 */

const DOLLARS = { type: 'text', inputmode: 'decimal', autocomplete: 'off', pattern: '\\d+(\\.\\d{1,2})?' } as const;
const COUNT = { type: 'number', min: 1, max: 1_000_000_000, step: 1, inputmode: 'numeric' } as const;

const Check = (props: { id: string; name: string; label: string; checked?: boolean; describedBy?: string }) => (
  <div class="check">
    <input id={props.id} name={props.name} type="checkbox" checked={props.checked} aria-describedby={props.describedBy} />
    <label for={props.id}>{props.label}</label>
  </div>
);

/** Where a form's issues are listed, then its save and clear buttons. */
const FormEnd = (props: { issues: string; save: string }) => (
  <>
    <Issues id={props.issues} />
    <div class="admin-actions">
      <button type="submit">{props.save}</button>
      <button type="reset" class="button-quiet">
        Clear the form
      </button>
    </div>
  </>
);

export const PromotionsSection = () => (
  <section id="promotions" class="admin-section" aria-labelledby="promotions-title">
    <h2 id="promotions-title">Promotions</h2>
    <p class="muted">A promotion without a code applies itself to every cart it fits. Amounts are in dollars.</p>
    <DataTable
      id="promotion-rows"
      caption="Promotions"
      columns={['Code', 'Title', 'Discount', 'Applies to', 'Window', 'Uses', 'State']}
    />
    <form id="promotion-form" class="admin-form" aria-labelledby="promotion-form-title" novalidate>
      <h3 id="promotion-form-title">Create or edit a promotion</h3>
      <Field id="promotion-id" label="Id" hint="Lower-case letters, digits and hyphens, e.g. summer-sale.">
        <input id="promotion-id" name="id" type="text" required maxlength={64} spellcheck={false} aria-describedby="promotion-id-hint" />
      </Field>
      <Field id="promotion-code" label="Code (optional)" hint="What shoppers type, e.g. SAVE10. Empty: an automatic promotion.">
        <input id="promotion-code" name="code" type="text" maxlength={32} spellcheck={false} autocapitalize="characters" aria-describedby="promotion-code-hint" />
      </Field>
      <Field id="promotion-title" label="Title (optional)" hint="Shown to shoppers. Empty: made from the discount, e.g. 10% off.">
        <input id="promotion-title" name="title" type="text" maxlength={120} aria-describedby="promotion-title-hint" />
      </Field>
      <div class="field-grid">
        <Field id="promotion-type" label="Type">
          <select id="promotion-type" name="type">
            <option value="percentage">Percentage off</option>
            <option value="fixed">Amount off</option>
            <option value="free_shipping">Free shipping</option>
            <option value="buy_x_get_y">Buy X, get Y</option>
          </select>
        </Field>
        <Field id="promotion-percent" label="Percent off" show="type:percentage buy_x_get_y">
          <input id="promotion-percent" name="percent" type="number" min={1} max={100} step={1} inputmode="numeric" />
        </Field>
        <Field id="promotion-amount" label="Amount off ($)" show="type:fixed">
          <input id="promotion-amount" name="amount" {...DOLLARS} />
        </Field>
        <Field id="promotion-buy" label="Buy quantity" show="type:buy_x_get_y">
          <input id="promotion-buy" name="buyQuantity" {...COUNT} max={1000} />
        </Field>
        <Field id="promotion-get" label="Get quantity" show="type:buy_x_get_y">
          <input id="promotion-get" name="getQuantity" {...COUNT} max={1000} />
        </Field>
      </div>
      <div class="field-grid">
        <Field id="promotion-target" label="Applies to">
          <select id="promotion-target" name="target">
            <option value="order">The whole order</option>
            <option value="category">One category</option>
            <option value="skus">Some SKUs</option>
          </select>
        </Field>
        <Field id="promotion-category" label="Category slug" show="target:category">
          <input id="promotion-category" name="category" type="text" maxlength={64} spellcheck={false} />
        </Field>
        <Field id="promotion-skus" label="SKUs" hint="Comma-separated." show="target:skus">
          <input id="promotion-skus" name="skus" type="text" spellcheck={false} aria-describedby="promotion-skus-hint" />
        </Field>
      </div>
      <Field id="promotion-min" label="Minimum subtotal ($, optional)">
        <input id="promotion-min" name="minSubtotal" {...DOLLARS} />
      </Field>
      <Field id="promotion-starts" label="Starts (optional)" hint="In your local time.">
        <input id="promotion-starts" name="startsAt" type="datetime-local" aria-describedby="promotion-starts-hint" />
      </Field>
      <Field id="promotion-ends" label="Ends (optional)" hint="In your local time.">
        <input id="promotion-ends" name="endsAt" type="datetime-local" aria-describedby="promotion-ends-hint" />
      </Field>
      <div class="field-grid">
        <Field id="promotion-limit" label="Use limit (optional)" hint="Orders in all.">
          <input id="promotion-limit" name="usageLimit" {...COUNT} aria-describedby="promotion-limit-hint" />
        </Field>
        <Field id="promotion-per-customer" label="Per customer (optional)" hint="Orders per email.">
          <input id="promotion-per-customer" name="perCustomerLimit" {...COUNT} aria-describedby="promotion-per-customer-hint" />
        </Field>
      </div>
      <fieldset class="admin-fieldset">
        <legend>Combines with other</legend>
        <Check id="promotion-combines-order" name="combinesOrder" label="Order discounts" />
        <Check id="promotion-combines-product" name="combinesProduct" label="Product discounts" />
        <Check id="promotion-combines-shipping" name="combinesShipping" label="Shipping discounts" />
      </fieldset>
      <Check id="promotion-enabled" name="enabled" label="Enabled" checked />
      <FormEnd issues="promotion-issues" save="Save promotion" />
    </form>
  </section>
);

export const ShippingZonesSection = () => (
  <section id="shipping" class="admin-section" aria-labelledby="shipping-title">
    <h2 id="shipping-title">Shipping zones</h2>
    <p class="muted">
      An address ships by the zone naming its region, else the one naming its country. Shoppers see every method
      of that zone that can carry their cart.
    </p>
    <DataTable id="zone-rows" caption="Shipping zones" columns={['Zone', 'Ships to', 'Methods']} />
    <form id="zone-form" class="admin-form admin-form-wide" aria-labelledby="zone-form-title" novalidate>
      <h3 id="zone-form-title">Create or edit a shipping zone</h3>
      <div class="field-grid">
        <Field id="zone-id" label="Id" hint="Lower-case letters, digits and hyphens.">
          <input id="zone-id" name="id" type="text" required maxlength={64} spellcheck={false} aria-describedby="zone-id-hint" />
        </Field>
        <Field id="zone-name" label="Name">
          <input id="zone-name" name="name" type="text" required maxlength={120} />
        </Field>
      </div>
      <Field id="zone-areas" label="Ships to" hint="Country codes, comma-separated; regions after a colon: US, CA:ON QC">
        <input id="zone-areas" name="areas" type="text" required spellcheck={false} aria-describedby="zone-areas-hint" />
      </Field>
      <fieldset class="admin-fieldset">
        <legend>Methods</legend>
        <div id="zone-methods" class="admin-methods" />
        <p>
          <button id="zone-add-method" type="button" class="button-quiet">
            Add a method
          </button>
        </p>
      </fieldset>
      <FormEnd issues="zone-issues" save="Save zone" />
    </form>
  </section>
);

export const TaxSection = () => (
  <section id="tax" class="admin-section" aria-labelledby="tax-title">
    <h2 id="tax-title">Tax</h2>
    <form id="tax-form" class="admin-form admin-form-wide" aria-labelledby="tax-title" novalidate>
      <div class="field">
        <Check id="tax-included" name="pricesIncludeTax" label="Prices include tax" describedBy="tax-included-hint" />
        <small id="tax-included-hint" class="muted">
          On: catalog prices already hold the tax (as in the EU). Off: tax is added at checkout (as in the US).
        </small>
      </div>
      <p class="muted">
        A rate with a region applies there on top of any rate for the whole country. Rates are percentages, up to
        four decimals (9.975).
      </p>
      <DataTable id="tax-rows" caption="Tax rates" columns={['No.', 'Country', 'Region', 'Title', 'Rate %', 'Taxes shipping']} />
      <p>
        <button id="tax-add" type="button" class="button-quiet">
          Add a rate
        </button>
      </p>
      <Issues id="tax-issues" />
      <button type="submit">Save tax settings</button>
    </form>
  </section>
);
