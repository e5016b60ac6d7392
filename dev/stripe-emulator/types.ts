export type Metadata = Record<string, string>;

export type SessionStatus = 'open' | 'complete' | 'expired';
export type PaymentStatus = 'paid' | 'unpaid';

export interface CustomerDetails {
  email: string;
  name: string | null;
  phone: string | null;
  address: null;
  tax_exempt: 'none';
  tax_ids: [];
}

/** Stripe's `address` hash: every field nullable. */
export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

/** `payment_intent.shipping`. */
export interface PaymentIntentShipping {
  address: Address;
  carrier: string | null;
  name: string;
  phone: string | null;
  tracking_number: string | null;
}

/** `checkout.session.collected_information` (no top-level `shipping_details` since 2025-03-31.basil). */
export interface CollectedInformation {
  business_name: string | null;
  individual_name: string | null;
  shipping_details: { address: Address; name: string } | null;
}

export interface ShippingCost {
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  shipping_rate: string;
}

export interface SessionShippingOption {
  shipping_amount: number;
  shipping_rate: string;
}

/** The subset of Stripe's `checkout.session` object the emulator maintains. */
export interface CheckoutSession {
  id: string;
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  client_secret: string | null;
  collected_information: CollectedInformation | null;
  created: number;
  currency: string;
  customer: null;
  customer_details: CustomerDetails | null;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  metadata: Metadata;
  mode: 'payment';
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: PaymentStatus;
  return_url: string | null;
  shipping_cost: ShippingCost | null;
  shipping_options: SessionShippingOption[];
  status: SessionStatus;
  success_url: string | null;
  ui_mode: string;
  url: string | null;
}

export interface LineItem {
  id: string;
  object: 'item';
  amount_discount: 0;
  amount_subtotal: number;
  amount_tax: 0;
  amount_total: number;
  currency: string;
  description: string;
  quantity: number;
  price: {
    id: string;
    object: 'price';
    currency: string;
    unit_amount: number;
    product: string;
    type: 'one_time';
  };
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: null;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded';
}

/** Minimal `payment_intent`, readable once a session is paid (`GET /v1/payment_intents/:id`). */
export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  created: number;
  currency: string;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  shipping: PaymentIntentShipping | null;
  status: 'succeeded' | 'processing' | 'requires_payment_method';
}

/** Minimal `charge` carried by `charge.refunded`. */
export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  created: number;
  currency: string;
  livemode: false;
  metadata: Metadata;
  paid: true;
  payment_intent: string;
  refunded: boolean;
  status: 'succeeded';
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: CheckoutSession | Charge };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface ListResponse<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}
