import { PaymentUnavailableError } from './provider';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  threshold: number;
  /** How long it stays open before one trial call is let through. */
  openMs: number;
}

/**
 * Stops calling a provider that keeps failing: after `threshold` consecutive `PaymentUnavailableError`s
 * (those marked `ours`, the store's own overload, do not count) every call fails fast for `openMs`
 * (the shopper gets 503 + Retry-After at once instead of waiting out a timeout), then one trial call
 * decides whether it closes again. Per isolate, like any state
 * a Worker keeps in memory; each isolate learns about an outage from its own calls.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const halfOpen = this.failures >= this.options.threshold;
    if (halfOpen && (now < this.openUntil || this.trialInFlight)) {
      const wait = Math.max(1, Math.ceil((this.openUntil - now) / 1000));
      throw new PaymentUnavailableError('Payments are unavailable for a moment', wait);
    }
    this.trialInFlight = halfOpen;
    try {
      const result = await fn();
      this.failures = 0;
      return result;
    } catch (err) {
      // A failure of the store's own making (`ours`: its isolate too busy) says nothing of the provider.
      if (err instanceof PaymentUnavailableError && !err.ours) {
        this.failures += 1;
        if (this.failures >= this.options.threshold) this.openUntil = Date.now() + this.options.openMs;
      }
      throw err;
    } finally {
      if (halfOpen) this.trialInFlight = false;
    }
  }

  get state(): 'closed' | 'open' {
    return this.failures >= this.options.threshold ? 'open' : 'closed';
  }
}
