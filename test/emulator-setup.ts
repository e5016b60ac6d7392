import { startStripeEmulator } from '../dev/stripe-emulator';

/**
 * The Stripe emulator for the `workers` project, on the port vitest.config.ts chose. It delivers
 * nothing by itself (the store has no socket here): tests read its outbox and post each signed
 * delivery through `SELF.fetch`, which is also how they deliver twice, late or out of order.
 */
export default async function setup() {
  const emulator = await startStripeEmulator({
    port: Number(process.env.EDGEFRONT_TEST_EMULATOR_PORT),
    webhookSecret: 'whsec_edgefront_test',
    fulfillmentSecret: 'test-fulfillment-secret-0123456789abcdef',
    storeUrl: null,
    shipDelayMs: 0,
  });
  return () => emulator.close();
}
