// Every shop page's enhancements. Each one is optional: without this script the header search is a
// GET form, the cart link goes to /cart, adding to the cart and the cart page's
// quantity forms are form posts, and the listing's filters are a disclosure the CSS shows open on a
// wide screen.
import { setUpAddToCart } from './shop/add-to-cart.js';
import { setUpCartIsland } from './shop/cart-island.js';
import { setUpCartPage } from './shop/cart-page.js';
import { setUpFilterDisclosure } from './shop/filter-disclosure.js';
import { setUpSuggest } from './shop/search-suggest.js';

const input = document.querySelector('input[data-suggest]');
if (input) setUpSuggest(input);
const filters = document.querySelector('details[data-filters-disclosure]');
if (filters) setUpFilterDisclosure(filters);
const drawer = setUpCartIsland();
if (drawer) setUpAddToCart(drawer);
setUpCartPage(drawer);
