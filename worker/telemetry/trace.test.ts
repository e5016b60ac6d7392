import { describe, expect, it } from 'vitest';
import { childTraceparent, currentTrace, traceFrom, withTrace } from './trace';

describe('W3C trace context', () => {
  it('continues an incoming trace with a new span, and hands children the same trace id', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const trace = traceFrom(incoming);
    expect(trace).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', flags: '01' });
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe('00f067aa0ba902b7');
    withTrace(trace, () => {
      expect(currentTrace()).toBe(trace);
      const child = childTraceparent()!;
      expect(child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
      expect(childTraceparent()).not.toBe(child);
    });
    expect(childTraceparent()).toBeUndefined();
  });

  it.each([
    ['missing', undefined],
    ['garbage', 'hello'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['another version', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
  ])('starts a new trace when the header is %s', (_, header) => {
    const trace = traceFrom(header);
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace.flags).toBe('01');
  });
});
