// The admin page (GET /admin): signs in with the admin token, kept in this tab's sessionStorage and
// sent only as a bearer header, then fills each section from the admin API.
import { ApiError, onRefused, token } from './admin/api.js';
import { loadProducts, setUpCatalog } from './admin/catalog.js';
import { byId, say } from './admin/dom.js';
import { loadDrops, setUpDrops } from './admin/drops.js';
import { loadExperiments, loadFlags, setUpExperimentsAndFlags } from './admin/experiments.js';
import { loadExperimentResults, loadHealth, setUpHealth } from './admin/health.js';
import { loadOrders, setUpOrders } from './admin/orders.js';
import { loadPromotions, setUpPromotions } from './admin/promotions.js';
import { loadZones, setUpShipping } from './admin/shipping.js';
import { loadTax, setUpTax } from './admin/tax.js';

const login = byId('admin-login');
const app = byId('admin-app');
const loginError = byId('login-error');

function showLogin(message = '', { focus = true } = {}) {
  token.clear();
  app.hidden = true;
  login.hidden = false;
  login.elements.token.value = '';
  loginError.textContent = message;
  if (focus) login.elements.token.focus();
}

onRefused(() => {
  if (!app.hidden || token.get()) showLogin('That token was refused');
});

/** Checks the token with one admin read, then loads every section. */
async function start() {
  try {
    await loadExperiments();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) showLogin(err.message);
    return;
  }
  login.hidden = true;
  loginError.textContent = '';
  app.hidden = false;
  say('Signed in.');
  const quiet = (err) => {
    if (!(err instanceof ApiError && err.status === 401)) say(err.message);
  };
  const loads = [loadHealth(), loadExperimentResults(), loadFlags(), loadProducts({ q: '' }), loadPromotions(), loadZones(), loadTax(), loadDrops(), loadOrders({ status: '' })];
  await Promise.all(loads.map((p) => p.catch(quiet)));
}

login.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = login.elements.token.value.trim();
  if (!value) return;
  token.set(value);
  start();
});

byId('sign-out').addEventListener('click', () => {
  showLogin('');
  say('Signed out.');
});

setUpExperimentsAndFlags();
setUpHealth();
setUpCatalog();
setUpPromotions();
setUpShipping();
setUpTax();
setUpDrops();
setUpOrders();

byId('admin-needs-js').remove();
if (token.get()) start();
else showLogin('', { focus: false });
