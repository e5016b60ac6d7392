import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import * as z from 'zod';
import { formatAddress } from '../address';
import type { Db } from '../db/client';
import { ORDER_STATUSES, orders } from '../db/orders-schema';

const cursorSchema = z.object({ c: z.number().int(), i: z.string().max(64) }).strict();

const encode = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** Admin order listing query: status filter and an opaque keyset cursor on (created_at, id). */
export const orderListQuerySchema = z
  .object({
    status: z.enum(ORDER_STATUSES).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(100))
      .optional(),
    cursor: z
      .string()
      .max(200)
      .transform((raw, ctx) => {
        try {
          return cursorSchema.parse(JSON.parse(atob(raw.replaceAll('-', '+').replaceAll('_', '/'))));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'not a cursor this API issued' });
          return z.NEVER;
        }
      })
      .optional(),
  })
  .strict();
export type OrderListQuery = z.infer<typeof orderListQuerySchema>;

/** An order as the admin list shows it: what was charged and why, without its lines. */
function listItem(o: typeof orders.$inferSelect) {
  const money = (amount: number) => ({ amount, currency: o.currency });
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    email: o.email,
    subtotal: money(o.subtotal),
    discounts: o.discounts.map((d) => ({ code: d.code, title: d.title, amount: money(d.amount) })),
    discountTotal: money(o.discountTotal),
    shipping: o.shipping === null ? null : money(o.shipping),
    shippingMethod: o.shippingMethod ? { id: o.shippingMethod.id, title: o.shippingMethod.title } : null,
    shippingAddress: o.shippingAddress,
    /** The address on one line, in its country's order, as the label prints it. */
    shipTo: o.shippingAddress ? formatAddress(o.shippingAddress).join(', ') : null,
    taxes: o.taxes.map((t) => ({ title: t.title, rate: t.rate, amount: money(t.amount) })),
    taxTotal: money(o.taxTotal),
    taxIncluded: o.taxIncluded,
    total: money(o.total),
    refunded: money(o.refunded),
    flag: o.flag,
    cancelReason: o.cancelReason,
    experiments: o.experiments,
    createdAt: new Date(o.createdAt).toISOString(),
    updatedAt: new Date(o.updatedAt).toISOString(),
  };
}

/** Orders newest first; stable under inserts because new orders sort before the cursor. */
export async function listOrders(db: Db, query: OrderListQuery) {
  const limit = query.limit ?? 50;
  const where: SQL[] = [];
  if (query.status) where.push(eq(orders.status, query.status));
  if (query.cursor) {
    const { c, i } = query.cursor;
    where.push(or(lt(orders.createdAt, c), and(eq(orders.createdAt, c), lt(orders.id, i)))!);
  }
  const rows = await db
    .select()
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(listItem),
    nextCursor: rows.length > limit && last ? encode({ c: last.createdAt, i: last.id }) : null,
  };
}
