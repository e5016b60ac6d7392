/**
 * The emulator's notion of "now" for session lifetimes. Tests move it forward instead of waiting the
 * 30 minutes Stripe requires before a session may expire. Webhook signature timestamps deliberately do
 * not use it: the store checks them against its own real clock.
 */
export class Clock {
  private offsetSeconds = 0;

  nowSeconds(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  advance(seconds: number): void {
    this.offsetSeconds += seconds;
  }

  reset(): void {
    this.offsetSeconds = 0;
  }
}
