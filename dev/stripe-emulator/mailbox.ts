import { randomUUID } from 'node:crypto';
import { bareAddress, parseSendEmail, resendError, type SendEmailInput } from './email-params.js';
import { canonicalJson } from './params.js';

/** One mail as the mailbox keeps it, and as `GET /_mail` lists it. */
export interface Mail extends SendEmailInput {
  id: string;
  /** ISO 8601. */
  sentAt: string;
}

interface Replay {
  fingerprint: string;
  id: string;
  createdAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_MAILS = 10_000;

/**
 * Plays Resend's `POST /emails` and keeps what was "sent" for tests and people to read. An
 * `Idempotency-Key` answers the same id for 24 h (per API key) and sends nothing again; the same key
 * with another body is 409 `invalid_idempotent_request`. Only accepted mails are remembered under a
 * key, so a request refused for its fields can be fixed and retried with the same key.
 */
export class Mailbox {
  private mails: Mail[] = [];
  private readonly replays = new Map<string, Replay>();

  send(apiKey: string, idempotencyKey: string | undefined, body: unknown): { id: string; replayed: boolean } {
    if (idempotencyKey !== undefined && (idempotencyKey.length < 1 || idempotencyKey.length > 256)) {
      throw resendError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
    }
    const input = parseSendEmail(body);
    const replayKey = idempotencyKey === undefined ? undefined : `${apiKey}\u0000${idempotencyKey}`;
    const fingerprint = canonicalJson(body);
    if (replayKey !== undefined) {
      this.prune();
      const replay = this.replays.get(replayKey);
      if (replay) {
        if (replay.fingerprint !== fingerprint) {
          throw resendError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
        }
        return { id: replay.id, replayed: true };
      }
    }
    const mail: Mail = { id: randomUUID(), ...input, sentAt: new Date().toISOString() };
    this.mails.push(mail);
    if (this.mails.length > MAX_MAILS) this.mails.splice(0, this.mails.length - MAX_MAILS);
    if (replayKey !== undefined) this.replays.set(replayKey, { fingerprint, id: mail.id, createdAt: Date.now() });
    return { id: mail.id, replayed: false };
  }

  /** Newest first; `to` matches any `to` recipient's address, ignoring case and display names. */
  list(to?: string): Mail[] {
    const wanted = to?.trim().toLowerCase();
    const matching = wanted
      ? this.mails.filter((mail) => mail.to.some((recipient) => bareAddress(recipient)?.toLowerCase() === wanted))
      : this.mails;
    return matching.slice().reverse().map((mail) => structuredClone(mail));
  }

  get(id: string): Mail | undefined {
    const mail = this.mails.find((m) => m.id === id);
    return mail && structuredClone(mail);
  }

  /** Forgets every mail and idempotency key; answers how many mails there were. */
  clear(): number {
    const count = this.mails.length;
    this.mails = [];
    this.replays.clear();
    return count;
  }

  private prune(): void {
    const cutoff = Date.now() - DAY_MS;
    // Insertion order is creation order.
    for (const [key, replay] of this.replays) {
      if (replay.createdAt >= cutoff) break;
      this.replays.delete(key);
    }
  }
}
