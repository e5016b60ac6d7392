import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { PaymentUnavailableError } from './provider';

const failWith = (err: Error) => () => Promise.reject(err);

describe('CircuitBreaker', () => {
  it('opens after `threshold` consecutive provider failures and then fails fast without calling', async () => {
    const breaker = new CircuitBreaker({ threshold: 3, openMs: 60_000 });
    for (let i = 0; i < 3; i += 1) await expect(breaker.run(failWith(new PaymentUnavailableError('down', 15)))).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    let called = false;
    await expect(breaker.run(async () => (called = true))).rejects.toThrow('unavailable for a moment');
    expect(called).toBe(false);
  });

  it('does not count failures of the store’s own making (`ours`), nor let them reset the count', async () => {
    const breaker = new CircuitBreaker({ threshold: 3, openMs: 60_000 });
    await expect(breaker.run(failWith(new PaymentUnavailableError('down', 15)))).rejects.toThrow();
    await expect(breaker.run(failWith(new PaymentUnavailableError('down', 15)))).rejects.toThrow();
    for (let i = 0; i < 10; i += 1) await expect(breaker.run(failWith(new PaymentUnavailableError('busy', 5, true)))).rejects.toThrow('busy');
    expect(breaker.state).toBe('closed');
    expect(await breaker.run(async () => 'called')).toBe('called');
    // A success resets the count: two more provider failures do not open it.
    for (let i = 0; i < 2; i += 1) await expect(breaker.run(failWith(new PaymentUnavailableError('down', 15)))).rejects.toThrow();
    expect(breaker.state).toBe('closed');
  });
});
