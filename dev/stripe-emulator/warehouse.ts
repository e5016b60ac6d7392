import { newId, randomToken } from './ids.js';
import type { Outbox } from './outbox.js';
import { verifyEdgefrontSignature } from './signing.js';

export interface Shipment {
  shipmentId: string;
  orderId: string;
  status: 'accepted' | 'shipped';
  trackingNumber: string;
  receivedCount: number;
  /** The body's `shippingAddress` as the store sent it; null for orders sent without one. */
  shippingAddress: Record<string, unknown> | null;
  order: unknown;
}

/** What `GET /_emulator/shipments` lists. */
export type ShipmentView = Omit<Shipment, 'order'>;

export interface WarehouseReply {
  status: number;
  body: unknown;
}

interface WarehouseOptions {
  secret: string;
  shipDelayMs: number;
  outbox: Outbox;
  log: (line: string) => void;
}

const invalid = (code: string, message: string, status = 400): WarehouseReply => ({ status, body: { error: { code, message } } });

/** Plays the fulfillment provider: one shipment per order, whatever the retries, shipped after a delay. */
export class Warehouse {
  private readonly shipments = new Map<string, Shipment>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: WarehouseOptions) {}

  receive(rawBody: string, signatureHeader: string | undefined): WarehouseReply {
    const verified = verifyEdgefrontSignature(signatureHeader, rawBody, this.options.secret);
    if (!verified.ok) return invalid('invalid_signature', verified.reason);
    let order: unknown;
    try {
      order = JSON.parse(rawBody);
    } catch {
      return invalid('invalid_json', 'The body is not valid JSON.');
    }
    const orderId = typeof order === 'object' && order !== null ? (order as { orderId?: unknown }).orderId : undefined;
    if (typeof orderId !== 'string' || orderId === '') return invalid('invalid_order', 'orderId (a non-empty string) is required.');
    const shippingAddress = (order as { shippingAddress?: unknown }).shippingAddress ?? null;
    if (shippingAddress !== null && (typeof shippingAddress !== 'object' || Array.isArray(shippingAddress))) {
      return invalid('invalid_order', 'shippingAddress, when given, must be an object.');
    }

    const existing = this.shipments.get(orderId);
    if (existing) {
      existing.receivedCount += 1;
      return { status: 200, body: { shipmentId: existing.shipmentId, orderId, status: existing.status } };
    }
    const shipment: Shipment = {
      shipmentId: newId('shp_'),
      orderId,
      status: 'accepted',
      trackingNumber: `EP${randomToken(10).toUpperCase()}`,
      receivedCount: 1,
      shippingAddress: shippingAddress as Record<string, unknown> | null,
      order,
    };
    this.shipments.set(orderId, shipment);
    this.options.log(`warehouse accepted order ${orderId} as ${shipment.shipmentId}`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.ship(shipment);
    }, this.options.shipDelayMs);
    timer.unref();
    this.timers.add(timer);
    return { status: 201, body: { shipmentId: shipment.shipmentId, orderId, status: 'accepted' } };
  }

  list(): ShipmentView[] {
    return [...this.shipments.values()].map(({ order: _order, ...view }) => structuredClone(view));
  }

  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.shipments.clear();
  }

  private ship(shipment: Shipment): void {
    if (this.shipments.get(shipment.orderId) !== shipment) return;
    shipment.status = 'shipped';
    this.options.outbox.add({
      kind: 'fulfillment_callback',
      path: '/webhooks/fulfillment',
      type: 'shipment.shipped',
      orderId: shipment.orderId,
      body: JSON.stringify({
        orderId: shipment.orderId,
        shipmentId: shipment.shipmentId,
        status: 'shipped',
        carrier: 'Emulated Post',
        trackingNumber: shipment.trackingNumber,
      }),
    });
  }
}
