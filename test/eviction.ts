/**
 * The reason tests give `state.abort()` to evict a Durable Object (its next call starts a fresh
 * instance from storage). workerd logs every abort as an uncaught "outputGateBroken" with this
 * reason; vitest.config.ts drops exactly that line, so any other broken output gate still shows.
 */
export const EVICTION = 'test eviction';
