/**
 * The counter's side of live stock: after each change it tells the SKU's `StockFeed` what it can
 * still sell, off the counter's critical path (the answer to the reservation never waits on it).
 *
 * Coalesced: at most one publish is in flight per counter, and when it returns only the latest value
 * is sent, so a burst of a thousand reservations costs the feed a few calls, not a thousand. Each word
 * carries the counter's ledger seq, which the feed uses to ignore an older word arriving late.
 *
 * The counter named `sku` publishes as source `sku`; a shard named `sku#k` (docs/inventory.md)
 * publishes as source `sku#k` to the same feed, which sums its sources.
 */
export class StockPublisher {
  private latest: { available: number; seq: number } | undefined;
  private sent: number | undefined;
  private flying = false;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
  ) {}

  changed(available: number, seq: number): void {
    if (this.latest && seq <= this.latest.seq) return;
    this.latest = { available, seq };
    if (this.flying || available === this.sent) return;
    this.flying = true;
    this.ctx.waitUntil(this.flush());
  }

  private async flush(): Promise<void> {
    const source = this.ctx.id.name;
    try {
      if (!source) return;
      const feed = this.env.STOCK_FEED.getByName(feedOf(source));
      for (let failures = 0; this.latest && this.latest.available !== this.sent; ) {
        const word = this.latest;
        try {
          await feed.publish({ source, available: word.available, seq: word.seq });
          this.sent = word.available;
        } catch (err) {
          // The next change publishes again; until then the feed shows the last value it had.
          if (++failures >= 3) {
            console.warn(JSON.stringify({ msg: 'stock feed publish failed', source, error: String(err).slice(0, 200) }));
            return;
          }
          await scheduler.wait(50 * failures);
        }
      }
    } finally {
      this.flying = false;
    }
  }
}

/** The feed a counter publishes to: its own name, without a shard suffix. */
export const feedOf = (counterName: string) => counterName.split('#')[0] ?? counterName;
