import * as z from 'zod';
import { ORDER_STATUSES } from '../db/orders-schema';
import { ERROR_STATUS } from '../http/errors';

/**
 * What the JSON routes answer, as zod schemas for the OpenAPI document (worker/openapi/). Objects are
 * loose: the contract welcomes extra fields, so a schema names what a client may rely on. Request
 * schemas are not here: the document takes them from the validators the routes already run.
 */

export const moneySchema = z.object({ amount: z.number().int(), currency: z.string() });

export const errorSchema = z
  .looseObject({
    error: z.looseObject({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ description: 'Every non-2xx JSON answer (CONTRACT.md, Errors).' });

const image = z.looseObject({ key: z.string(), alt: z.string(), width: z.number().int(), height: z.number().int() });
export const variantSchema = z.looseObject({
  sku: z.string(),
  title: z.string(),
  options: z.record(z.string(), z.string()),
  price: moneySchema,
});

export const productSchema = z
  .looseObject({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    category: z.looseObject({ slug: z.string(), name: z.string() }),
    featured: z.boolean(),
    price: moneySchema,
    images: z.array(image),
    variants: z.array(variantSchema),
    updatedAt: z.string(),
  })
  ;

export const productPageSchema = z.looseObject({ items: z.array(productSchema), nextCursor: z.string().nullable() });

export const stockSchema = z.looseObject({ items: z.array(z.looseObject({ sku: z.string(), available: z.number().int() })) });

export const stockLevelSchema = z.looseObject({ sku: z.string(), onHand: z.number().int(), available: z.number().int() });
export const stockSnapshotSchema = stockLevelSchema.extend({ reserved: z.number().int(), committed: z.number().int() });

export const addressSchema = z
  .looseObject({ name: z.string(), line1: z.string(), city: z.string(), postalCode: z.string(), country: z.string() })
  ;

const line = z.looseObject({
  sku: z.string(),
  productSlug: z.string(),
  title: z.string(),
  variantTitle: z.string(),
  quantity: z.number().int(),
  unitPrice: moneySchema,
  lineTotal: moneySchema,
  discount: moneySchema,
});
const discount = z.looseObject({ code: z.string().nullable(), title: z.string(), amount: moneySchema });
const tax = z.looseObject({ title: z.string(), rate: z.number(), amount: moneySchema });

export const cartSchema = z
  .looseObject({
    id: z.string().nullable(),
    items: z.array(line),
    subtotal: moneySchema,
    itemCount: z.number().int(),
    discounts: z.array(discount),
    shippingAddress: addressSchema.nullable(),
    shippingOptions: z.array(
      z.looseObject({ id: z.string(), title: z.string(), amount: moneySchema, estimatedDays: z.looseObject({ min: z.number(), max: z.number() }) }),
    ),
    shippingOption: z.string().nullable(),
    shipping: moneySchema.nullable(),
    taxes: z.array(tax),
    taxIncluded: z.boolean(),
    total: moneySchema,
  })
  ;

export const checkoutAnswerSchema = z.looseObject({
  orderId: z.string(),
  orderToken: z.string(),
  checkoutUrl: z.string(),
  clientSecret: z.string().optional(),
});

/** An order as the admin list shows it: what was charged and why, without its lines. */
export const orderSummarySchema = z.looseObject({
  id: z.string(),
  number: z.number().int().nullable(),
  status: z.enum(ORDER_STATUSES),
  email: z.string(),
  subtotal: moneySchema,
  total: moneySchema,
  refunded: moneySchema,
  createdAt: z.string(),
});

export const orderListSchema = z.looseObject({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() });

export const orderSchema = z
  .looseObject({
    id: z.string(),
    status: z.enum(ORDER_STATUSES),
    lines: z.array(line.extend({ refundedQuantity: z.number().int() })),
    subtotal: moneySchema,
    discounts: z.array(discount),
    shipping: moneySchema.nullable(),
    taxes: z.array(tax),
    total: moneySchema,
    refunded: moneySchema,
    shippingAddress: addressSchema.nullable(),
    createdAt: z.string(),
  })
  ;

/** `{ items: [...] }` (with a cursor when the list pages). */
export const listOf = (item: z.ZodType) => z.looseObject({ items: z.array(item) });

/** A document the admin API stores and answers as given (experiments, flags, promotions, zones…). */
export const documentSchema = z.looseObject({});

export const cartCountSchema = z.looseObject({ itemCount: z.number().int() });

export const suggestionsSchema = z.looseObject({
  items: z.array(z.looseObject({ title: z.string(), slug: z.string(), image: z.string().nullable() })).max(8),
});

export const deadLettersSchema = z.looseObject({
  items: z.array(
    z.looseObject({ id: z.string(), body: z.unknown(), attempts: z.number().int(), replayedTo: z.string().nullable() }),
  ),
});

export const replayReportSchema = z.looseObject({
  replayed: z.array(z.looseObject({ id: z.string(), queue: z.string() })),
  skipped: z.array(z.looseObject({ id: z.string(), reason: z.enum(['unreadable', 'already_replayed']) })),
  failed: z.array(z.looseObject({ id: z.string(), error: z.string() })),
});

export const metricsSchema = z.looseObject({
  window: z.enum(['1h', '24h', '7d']),
  checkoutsStarted: z.number().int(),
  ordersPaid: z.number().int(),
  paymentSuccessRate: z.number().nullable(),
  conversionRate: z.number().nullable(),
  revenue: moneySchema,
  averageOrderValue: moneySchema,
  stuckPending: z.number().int(),
  deadLetters: z.number().int(),
  webhookRejections: z.number().int(),
  series: z.array(z.looseObject({ t: z.string(), ordersPaid: z.number().int(), revenue: moneySchema })),
});

export const experimentResultsSchema = z.looseObject({
  id: z.string(),
  variants: z.array(
    z.looseObject({
      name: z.string(),
      visitors: z.number().int(),
      addToCartRate: z.number().nullable(),
      orders: z.number().int(),
      conversionRate: z.number().nullable(),
      revenue: moneySchema,
      revenuePerVisitor: moneySchema,
    }),
  ),
  lift: z.looseObject({ variant: z.string(), pValue: z.number(), ci: z.array(z.number()).length(2) }).nullable(),
  sampleRatioMismatch: z.looseObject({ pValue: z.number().nullable(), flagged: z.boolean() }),
});

export const dropSchema = z.looseObject({
  id: z.string(),
  skus: z.array(z.string()),
  startsAt: z.string(),
  admitPerMinute: z.number().int(),
  perCustomerLimit: z.number().int(),
  turnstile: z.boolean(),
});

export const queueStatusSchema = z.looseObject({
  ticket: z.string(),
  position: z.number().int(),
  etaSeconds: z.number(),
  admitted: z.boolean(),
  soldOut: z.boolean(),
  expired: z.literal(true).optional(),
  approximate: z.literal(true).optional(),
});
