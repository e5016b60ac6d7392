// A purchase end to end, as bench/checkout.mjs and bench/peak.mjs drive it: checkout, then pay at the
// Stripe emulator (its control API `POST /_emulator/sessions/:id/pay`, what the hosted page's Pay
// button does), then follow the order through the emulator's outbox (webhook delivered, warehouse
// accepted, shipped callback delivered).
import { setTimeout as sleep } from 'node:timers/promises';
import { exchangeFetch } from './http-exchange.mjs';
import { pct } from './stats.mjs';

/**
 * GET/POST JSON with a 30 s timeout (one connection per request: http-exchange.mjs); a body that is not JSON comes back as `{ raw }`.
 * @param {string} url
 * @param {RequestInit} [opts]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function getJson(url, opts = {}) {
  const res = await exchangeFetch(url, { ...opts, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text.slice(0, 300) };
  }
  return { status: res.status, body };
}

/** The emulator's session id in a checkout answer's `checkoutUrl` (`…/c/pay/cs_…`), or null. */
export const sessionIdOf = (/** @type {any} */ checkoutBody) => /\/c\/pay\/(cs_[A-Za-z0-9_]+)/.exec(checkoutBody?.checkoutUrl ?? '')?.[1] ?? null;

/**
 * Pays session `sessionId` at the emulator; never throws.
 * @param {string} emulatorUrl
 * @param {string} sessionId
 * @returns {Promise<{ status: number, ms: number, paymentStatus?: string, error?: string }>}
 */
export async function payAtEmulator(emulatorUrl, sessionId) {
  const p0 = performance.now();
  try {
    const pay = await getJson(`${emulatorUrl}/_emulator/sessions/${sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return { status: pay.status, ms: performance.now() - p0, paymentStatus: pay.body?.payment_status };
  } catch (err) {
    return { status: 0, ms: performance.now() - p0, error: String(err) };
  }
}

/**
 * @typedef {object} Journey
 * @property {import('./shopper.mjs').CheckoutAnswer} co
 * @property {string} [orderId]
 * @property {string | null} [sessionId]
 * @property {{ status: number, ms: number, paymentStatus?: string, error?: string }} [pay]
 * @property {number} [paidAt] performance.now() when the payment was answered
 */

/**
 * One shopper checks out and, when an order was created, pays at once.
 * @param {import('./shopper.mjs').Shopper} shopper
 * @param {string} emulatorUrl
 * @returns {Promise<Journey>}
 */
export async function checkoutAndPay(shopper, emulatorUrl) {
  const co = await shopper.checkout();
  /** @type {Journey} */
  const j = { co };
  if (co.status !== 201) return j;
  j.orderId = co.body.orderId;
  j.sessionId = sessionIdOf(co.body);
  if (!j.sessionId) return j;
  j.pay = await payAtEmulator(emulatorUrl, j.sessionId);
  j.paidAt = performance.now();
  return j;
}

/**
 * Polls the emulator (every `pollMs`, until `deadline`) for the first-seen time of each stage of the
 * `created` journeys: the paid webhook delivered (the store queued it), the warehouse accepted the order
 * (the fulfillment consumer ran), the shipped callback delivered; stops once `expected` are shipped.
 * @param {{ emulatorUrl: string, created: Journey[], expected: number, deadline: number, pollMs: number, log: (m: string) => void, label: string }} opts
 */
export async function followShipments({ emulatorUrl, created, expected, deadline, pollMs, log, label }) {
  const byOrder = new Map(created.map((j) => [j.orderId, j]));
  /** @type {Map<string, number>} */
  const shippedAt = new Map();
  /** @type {Map<string, number>} */
  const webhookAt = new Map();
  /** @type {Map<string, number>} */
  const acceptedAt = new Map();
  const orderOfSession = new Map(created.map((j) => [j.sessionId, j.orderId]));
  let polls = 0;
  while (performance.now() < deadline) {
    polls++;
    let shipped;
    let events;
    let accepted;
    try {
      [shipped, events, accepted] = await Promise.all([
        getJson(`${emulatorUrl}/_emulator/outbox?type=shipment.shipped`),
        getJson(`${emulatorUrl}/_emulator/outbox?type=checkout.session.completed`),
        getJson(`${emulatorUrl}/_emulator/shipments`),
      ]);
    } catch (err) {
      log(`${label}polling the emulator failed (${err?.cause?.code ?? err?.message}); retrying`);
      await sleep(pollMs);
      continue;
    }
    const now = performance.now();
    if (shipped.status === 200) {
      for (const item of shipped.body.items) {
        if (item.delivered && byOrder.has(item.orderId) && !shippedAt.has(item.orderId)) shippedAt.set(item.orderId, now);
      }
    }
    if (events.status === 200) {
      for (const item of events.body.items) {
        const orderId = orderOfSession.get(item.sessionId);
        if (item.delivered && orderId && !webhookAt.has(orderId)) webhookAt.set(orderId, now);
      }
    }
    if (accepted.status === 200) {
      for (const item of accepted.body.items) if (byOrder.has(item.orderId) && !acceptedAt.has(item.orderId)) acceptedAt.set(item.orderId, now);
    }
    if (shippedAt.size >= expected) break;
    await sleep(pollMs);
  }
  /** p50/p99 from stage `from` (a time per order id) to the times of `to`. */
  const stage = (/** @type {(id: string) => number | undefined} */ from, /** @type {Map<string, number>} */ to) => {
    const v = [...to.keys()].filter((id) => from(id) !== undefined).map((id) => to.get(id) - from(id));
    return { p50: pct(v, 50), p99: pct(v, 99) };
  };
  const stages = {
    payToWebhook: stage((id) => byOrder.get(id)?.paidAt, webhookAt),
    webhookToWarehouse: stage((id) => webhookAt.get(id), acceptedAt),
    warehouseToShipped: stage((id) => acceptedAt.get(id), shippedAt),
  };
  return { byOrder, shippedAt, stages, polls, timedOut: shippedAt.size < expected };
}
