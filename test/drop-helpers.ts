import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { QueueStatus } from '../worker/drops/queue';
import { admin } from './helpers';
import { Shopper } from './shopper';

/** Drops for tests: one started over a SKU, and shoppers its waiting room has let in. */

export interface DropOptions {
  onHand?: number;
  perCustomerLimit?: number;
  turnstile?: boolean;
  admitPerMinute?: number;
}

/** A drop over `sku` (one no other test uses) that started a minute and a half ago, letting in 1,000 a second. */
export async function startedDrop(id: string, sku: string, options: DropOptions = {}) {
  const skus = [sku];
  const body = {
    skus,
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    admitPerMinute: options.admitPerMinute ?? 60_000,
    perCustomerLimit: options.perCustomerLimit ?? 2,
    turnstile: options.turnstile ?? false,
  };
  expect((await admin('PUT', `/drops/${id}`, body)).status).toBe(200);
  // After the drop is saved: a drop SKU's stock is split over its shards (docs/drops.md).
  expect((await admin('PUT', `/stock/${skus[0]}`, { onHand: options.onHand ?? 50 })).status).toBe(200);
  await env.DB.prepare('update drops set starts_at = ? where id = ?').bind(Date.now() - 90_000, id).run();
  return { id, sku: skus[0]! };
}

export async function join(shopper: Shopper, dropId: string, body: unknown = {}): Promise<QueueStatus> {
  const res = await shopper.fetch('POST', `/api/drops/${dropId}/queue`, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as QueueStatus;
}

export async function poll(shopper: Shopper, dropId: string, ticket: string): Promise<{ status: QueueStatus; res: Response }> {
  const res = await shopper.fetch('GET', `/api/drops/${dropId}/queue?ticket=${encodeURIComponent(ticket)}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return { status: (await res.json()) as QueueStatus, res };
}

/** A shopper the drop's queue has let in (joined, polled, holding the admission cookie). */
export async function admittedShopper(dropId: string, body: unknown = {}): Promise<Shopper> {
  const shopper = new Shopper();
  const { ticket } = await join(shopper, dropId, body);
  const { status, res } = await poll(shopper, dropId, ticket);
  expect(status.admitted).toBe(true);
  expect(res.headers.getSetCookie().some((c) => c.startsWith(`drop_${dropId}=`) && /HttpOnly/i.test(c) && /Max-Age=\d+/.test(c))).toBe(true);
  return shopper;
}
