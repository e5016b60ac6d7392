/** Orders that were paid for, whatever happened after (refunds included): what revenue and orders count. */
export const PAID_STATUSES = `('paid', 'fulfilling', 'shipped', 'refunded')`;
