import { describe, expect, it } from 'vitest';
import { EmailRejectedError, EmailUnavailableError } from '../email/sender';
import { mailRetryDelaySeconds, OrderMailInFlightError } from './order-mail';

const withBase = (seconds: string) => ({ EMAIL_RETRY_SECONDS: seconds }) as Env;

describe('mailRetryDelaySeconds', () => {
  it('doubles from the base per attempt, up to an hour', () => {
    const failed = new Error('boom');
    expect([1, 2, 3, 4].map((attempt) => mailRetryDelaySeconds(withBase('10'), attempt, failed))).toEqual([10, 20, 40, 80]);
    expect(mailRetryDelaySeconds(withBase('10'), 20, failed)).toBe(3_600);
  });

  it('waits at least as long as the provider asks, never longer than an hour', () => {
    expect(mailRetryDelaySeconds(withBase('10'), 1, new EmailUnavailableError('5xx', 30))).toBe(30);
    expect(mailRetryDelaySeconds(withBase('10'), 4, new EmailUnavailableError('429', 5))).toBe(80);
    expect(mailRetryDelaySeconds(withBase('10'), 1, new EmailUnavailableError('quota', 86_400))).toBe(3_600);
    expect(mailRetryDelaySeconds(withBase('10'), 1, new EmailRejectedError('refused', 'validation_error'))).toBe(10);
  });

  it('waits out a claim in flight elsewhere, even when the base is 0 (the tests)', () => {
    expect(mailRetryDelaySeconds(withBase('0'), 3, new EmailUnavailableError('5xx', 30))).toBe(0);
    expect(mailRetryDelaySeconds(withBase('0'), 1, new OrderMailInFlightError('ord_x', 'confirmation', 6))).toBe(6);
  });

  it('falls back to 10 s when the base is unset or not a number', () => {
    expect(mailRetryDelaySeconds(withBase(''), 1, new Error('x'))).toBe(10);
    expect(mailRetryDelaySeconds(withBase('soon'), 2, new Error('x'))).toBe(20);
  });
});
