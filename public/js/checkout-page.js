// Checkout page enhancement: a shipping method takes effect as soon as it is chosen. Without
// JavaScript the "Update shipping method" button posts the same form.
const update = document.querySelector('[data-shipping-update]');
if (update) {
  update.hidden = true;
  document.querySelectorAll('input[name=shippingOption]').forEach((radio) => {
    radio.addEventListener('change', () => update.form?.requestSubmit(update));
  });
}
// A second click on Pay while the first is on its way is the same checkout; say so instead of waiting silently.
const form = document.querySelector('.checkout-layout');
form?.addEventListener('submit', (event) => {
  const pay = form.querySelector('.pay-button');
  if (event.submitter === pay && pay) {
    pay.setAttribute('aria-busy', 'true');
    pay.textContent = 'Preparing payment…';
  }
});
