// After a checkout round: what every party recorded — the emulator (sessions paid, amounts, outbox
// deliveries, shipments), the store (orders in the admin API, dead letters in D1) and the hot SKU's
// counter — compared, never what the bench believes it sent.
import { emulatorSessions } from './emulator.mjs';
import { getJson } from './journey.mjs';
import { STORE_PAID } from './orders.mjs';

/**
 * @param {{ emulatorUrl: string, secretKey: string, api: import('./http.mjs').Http, db?: any, createdIds: string[], hot: string, stock: number }} opts
 */
export async function auditRound({ emulatorUrl, secretKey, api, db, createdIds, hot, stock: STOCK }) {
  const sessions = await emulatorSessions(emulatorUrl, secretKey, createdIds);
  const emuPaid = sessions.filter((s) => s.status === 'complete' && s.payment_status === 'paid');
  const emuPaidIds = new Set(emuPaid.map((s) => s.client_reference_id));
  const createdSet = new Set(createdIds);
  const orders = (await api.allOrders()).filter((o) => createdSet.has(o.id));
  const storeStatus = new Map(orders.map((o) => [o.id, o.status]));
  /** @type {Record<string, number>} */
  const statusCounts = {};
  for (const o of orders) statusCounts[o.status] = (statusCounts[o.status] ?? 0) + 1;
  const flagged = orders.filter((o) => o.flag).length;
  const storePaid = orders.filter((o) => STORE_PAID.has(o.status)).length;
  const shippedStore = orders.filter((o) => o.status === 'shipped').length;
  const lostIds = [...emuPaidIds].filter((id) => !STORE_PAID.has(storeStatus.get(id)));
  // Charged exactly the server's total: each paid session's amount against its order in D1.
  const totalOf = new Map(orders.map((o) => [o.id, o.total.amount]));
  const misCharged = emuPaid.filter((s) => s.amount_total !== totalOf.get(s.client_reference_id)).length;
  const shipments = (await getJson(`${emulatorUrl}/_emulator/shipments`)).body.items.filter((s) => createdSet.has(s.orderId));
  const dupShipments = shipments.filter((s) => s.receivedCount > 1).length;
  const stock = await api.stock(hot);
  const committed = stock.committed ?? STOCK - stock.onHand;
  const paidUnits = emuPaid.length; // one unit per order
  const duplicates = {
    shipmentsReceivedTwice: dupShipments,
    storePaidBeyondEmulator: Math.max(0, storePaid - emuPaid.length),
    committedVsPaid: committed - paidUnits,
  };
  const dupTotal = duplicates.shipmentsReceivedTwice + duplicates.storePaidBeyondEmulator + Math.abs(duplicates.committedVsPaid);
  const oversold = Math.max(0, createdIds.length - STOCK, committed - STOCK, stock.reserved + committed - STOCK, -stock.onHand);
  // Delivery health, from the emulator's outbox: webhook + warehouse-callback attempts beyond the first.
  const outbox = (await getJson(`${emulatorUrl}/_emulator/outbox`)).body.items.filter(
    (i) => (i.orderId && createdSet.has(i.orderId)) || (i.sessionId && sessions.some((s) => s.id === i.sessionId)),
  );
  const retries = outbox.reduce((a, i) => a + Math.max(0, i.attempts - 1), 0);
  const failedDeliveries = outbox.filter((i) => i.failed || (!i.delivered && i.attempts > 0)).length;
  const deadLetters = db ? (await db.prepare('select count(*) as n from dead_letters').first())?.n : undefined;
  return {
    emuPaid,
    emuPaidIds,
    storeStatus,
    statusCounts,
    flagged,
    storePaid,
    shippedStore,
    lostIds,
    misCharged,
    duplicates,
    dupTotal,
    oversold,
    stock,
    committed,
    retries,
    failedDeliveries,
    deadLetters,
  };
}
