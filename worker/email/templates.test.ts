import { describe, expect, it } from 'vitest';
import { orderConfirmation, shippingNotice } from './templates';
import type { OrderMail } from './types';

const usd = (amount: number) => ({ amount, currency: 'usd' });

const sampleMail = (overrides: Partial<OrderMail> = {}): OrderMail => ({
  orderId: 'ord_3kT9xQ2mVb7LpR4sW8yZ1a',
  orderNumber: 1042,
  orderUrl: 'https://shop.example/orders/ord_3kT9xQ2mVb7LpR4sW8yZ1a?token=t0k&x=1',
  email: 'ada@example.com',
  lines: [
    { title: 'Ceramic mug', variantTitle: 'Blue', quantity: 2, lineTotal: usd(3000) },
    { title: 'Tea sampler', variantTitle: 'Default', quantity: 1, lineTotal: usd(1200) },
  ],
  subtotal: usd(4200),
  discounts: [{ title: 'Spring sale', code: 'SPRING10', amount: usd(420) }],
  shipping: usd(500),
  shippingMethod: 'Standard, 3–5 business days',
  taxes: [{ title: 'CA sales tax', rate: 0.0725, amount: usd(274) }],
  taxIncluded: false,
  total: usd(4554),
  shippingAddressLines: ['Ada Lovelace', '12 St James’s Square', 'London SW1Y 4JH', 'United Kingdom'],
  ...overrides,
});

describe('orderConfirmation', () => {
  it('shows the lines, every total and the address in both parts', () => {
    const { subject, html, text } = orderConfirmation(sampleMail());
    expect(subject).toBe('Your Edgefront order 1042 is confirmed');
    expect(orderConfirmation(sampleMail({ orderNumber: null })).subject).toBe('Your Edgefront order ord_3kT9xQ2mVb7LpR4sW8yZ1a is confirmed');
    for (const part of [html, text]) {
      for (const words of [
        'Ceramic mug (Blue)',
        'Tea sampler',
        '$30.00',
        '$12.00',
        '$42.00',
        'Discount (Spring sale, code SPRING10)',
        '\u2212$4.20',
        'Shipping (Standard, 3–5 business days)',
        '$5.00',
        'CA sales tax (7.25%)',
        '$2.74',
        '$45.54',
        'Ada Lovelace',
        'London SW1Y 4JH',
        'ord_3kT9xQ2mVb7LpR4sW8yZ1a',
      ]) {
        expect(part).toContain(words);
      }
      expect(part).not.toContain('(Default)');
    }
    expect(text).toContain('- Ceramic mug (Blue) × 2: $30.00');
    expect(text).toContain('Total: $45.54');
    expect(text).toContain('View your order: https://shop.example/orders/ord_3kT9xQ2mVb7LpR4sW8yZ1a?token=t0k&x=1');
    expect(html).toContain('href="https://shop.example/orders/ord_3kT9xQ2mVb7LpR4sW8yZ1a?token=t0k&amp;x=1"');
  });

  it('is an accessible, self-contained document: data tables with headers, inline styles, nothing remote', () => {
    const { html } = orderConfirmation(sampleMail());
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en"/);
    expect(html).toContain('<title>Your Edgefront order 1042 is confirmed</title>');
    expect(html).toContain('<caption style="text-align:left;font-weight:700;padding:0 0 8px">Items</caption>');
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<th scope="row"');
    expect(html).not.toMatch(/<style|<link|<img|<script|url\(|src=/i);
    // Layout tables say so; the two data tables are the only ones without role="presentation".
    expect(html.match(/<table role="presentation"/g)).toHaveLength(2);
    expect(html.match(/<table /g)).toHaveLength(4);
  });

  it('escapes what shoppers and merchants typed', () => {
    const hostile = '<script>alert("x")</script> & <b>bold</b>';
    const { html, text } = orderConfirmation(
      sampleMail({
        lines: [{ title: hostile, variantTitle: '"><img src=x>', quantity: 1, lineTotal: usd(4200) }],
        shippingAddressLines: ['<i>Ada</i>'],
        discounts: [{ title: 'a </td> b', code: null, amount: usd(420) }],
      }),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('a &lt;/td&gt; b');
    // The plain-text part is not HTML: it says the title as typed.
    expect(text).toContain(`- ${hostile} ("><img src=x>) × 1: $42.00`);
  });

  it('shows included taxes after the total, free shipping, and zero-decimal currencies', () => {
    const eur = (amount: number) => ({ amount, currency: 'eur' });
    const included = orderConfirmation(
      sampleMail({
        lines: [{ title: 'Mug', variantTitle: 'Default', quantity: 1, lineTotal: eur(2400) }],
        subtotal: eur(2400),
        discounts: [],
        shipping: eur(0),
        taxes: [{ title: 'VAT', rate: 0.2, amount: eur(400) }],
        taxIncluded: true,
        total: eur(2400),
      }),
    );
    expect(included.text).toContain('Shipping (Standard, 3–5 business days): Free\nTotal: €24.00\nIncludes VAT (20%): €4.00');
    const yen = orderConfirmation(
      sampleMail({
        lines: [{ title: 'Mug', variantTitle: 'Default', quantity: 1, lineTotal: { amount: 1500, currency: 'jpy' } }],
        subtotal: { amount: 1500, currency: 'jpy' },
        discounts: [],
        shipping: null,
        shippingMethod: null,
        taxes: [],
        total: { amount: 1500, currency: 'jpy' },
      }),
    );
    expect(yen.text).toContain('Total: ¥1,500');
    expect(yen.text).not.toContain('Shipping (');
  });

  it('links only to http(s) order pages', () => {
    const { html, text } = orderConfirmation(sampleMail({ orderUrl: 'javascript:alert(1)' }));
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('View your order');
    expect(text).not.toContain('View your order');
  });
});

describe('shippingNotice', () => {
  it('names the carrier and tracking number', () => {
    const { subject, html, text } = shippingNotice(sampleMail({ shipment: { carrier: 'Emulated Post', trackingNumber: 'EP123<4>' } }));
    expect(subject).toBe('Your Edgefront order 1042 has shipped');
    expect(text).toContain('Carrier: Emulated Post\nTracking number: EP123<4>');
    expect(html).toContain('Tracking number: <strong>EP123&lt;4&gt;</strong>');
    expect(text).toContain('Total: $45.54');
    expect(html).toContain('$45.54');
    expect(text).not.toContain('has not given a tracking number');
  });

  it('says so when there is no tracking number', () => {
    const { html, text } = shippingNotice(sampleMail({ shipment: { carrier: null, trackingNumber: null } }));
    expect(text).toContain('The carrier has not given a tracking number for this parcel.');
    expect(html).toContain('The carrier has not given a tracking number for this parcel.');
    expect(text).not.toContain('Carrier:');
  });
});
