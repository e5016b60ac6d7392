// Every shop page's enhancements. Each one is optional: without this script the header search is a
// GET form, the cart link goes to /cart and adding to the cart is a form post.
import { setUpAddToCart } from './shop/add-to-cart.js';
import { setUpCartIsland } from './shop/cart-island.js';
import { setUpSuggest } from './shop/search-suggest.js';

const input = document.querySelector('input[data-suggest]');
if (input) setUpSuggest(input);
const drawer = setUpCartIsland();
if (drawer) setUpAddToCart(drawer);
