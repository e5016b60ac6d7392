import { idempotencyError, invalidRequest } from './errors.js';
import { canonicalJson, type Params } from './params.js';

export interface StoredResponse {
  status: number;
  body: string;
  requestId: string;
}

interface Entry {
  endpoint: string;
  fingerprint: string;
  response: StoredResponse | null;
  createdAt: number;
}

export type IdempotencyOutcome =
  | { kind: 'fresh'; complete(response: StoredResponse, save: boolean): void }
  | { kind: 'replay'; response: StoredResponse };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Stripe's idempotency keys, per API key. The official SDK sends a key with every POST, so a
 * benchmark fills this quickly: entries live 24 h but the oldest go first past `maxEntries`.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = DAY_MS,
    private readonly maxEntries = 200_000,
  ) {}

  begin(apiKey: string, key: string, method: string, path: string, params: Params): IdempotencyOutcome {
    if (key.length > 255) {
      throw invalidRequest('Idempotency-Key must be at most 255 characters long.');
    }
    this.prune();
    const id = `${apiKey}\u0000${key}`;
    const endpoint = `${method} ${path}`;
    const fingerprint = canonicalJson(params);
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.endpoint !== endpoint) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${existing.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (existing.fingerprint !== fingerprint) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (existing.response === null) {
        throw idempotencyError(
          `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
          409,
        );
      }
      return { kind: 'replay', response: existing.response };
    }
    const entry: Entry = { endpoint, fingerprint, response: null, createdAt: Date.now() };
    this.entries.set(id, entry);
    return {
      kind: 'fresh',
      complete: (response, save) => {
        if (this.entries.get(id) !== entry) return;
        if (save) entry.response = response;
        else this.entries.delete(id);
      },
    };
  }

  reset(): void {
    this.entries.clear();
  }

  private prune(): void {
    const cutoff = Date.now() - this.ttlMs;
    // Map iteration follows insertion order, which is creation order here.
    for (const [id, entry] of this.entries) {
      if (entry.createdAt >= cutoff && this.entries.size < this.maxEntries) break;
      this.entries.delete(id);
    }
  }
}
