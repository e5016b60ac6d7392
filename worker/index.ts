import { app } from './app';

export { Cart } from '../durable-objects/cart';
export { InventoryCounter } from '../durable-objects/inventory-counter';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
