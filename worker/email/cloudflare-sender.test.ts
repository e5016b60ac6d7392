import { describe, expect, it } from 'vitest';
import { cloudflareEmailSender } from './cloudflare-sender';
import { EmailRejectedError, EmailUnavailableError, type OutgoingEmail } from './sender';

// The binding reaches Cloudflare's service only when deployed; here it is played by an object with
// the binding's signature, throwing errors shaped as the binding documents (`code` + `message`).
type Builder = Parameters<SendEmail['send']>[0];

function binding(answer: (message: Builder) => Promise<EmailSendResult>): { sent: Builder[]; binding: SendEmail } {
  const sent: Builder[] = [];
  return {
    sent,
    binding: {
      send: async (message: Builder) => {
        sent.push(message);
        return answer(message);
      },
    } as SendEmail,
  };
}

const codeError = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

const message: OutgoingEmail = {
  to: 'ada@example.com',
  from: 'Edgefront <orders@edgefront.test>',
  subject: 'Your order is confirmed',
  html: '<p>Thanks!</p>',
  text: 'Thanks!',
  idempotencyKey: 'order-confirmation/ord_1',
  tags: { kind: 'order_confirmation' },
};

describe('cloudflareEmailSender', () => {
  it('hands the structured message to the binding and answers its message id', async () => {
    const fake = binding(async () => ({ messageId: '<abc@edgefront.test>' }));
    expect(await cloudflareEmailSender(fake.binding).send(message)).toEqual({ id: '<abc@edgefront.test>' });
    expect(fake.sent).toEqual([
      { from: message.from, to: message.to, subject: message.subject, html: message.html, text: message.text },
    ]);
  });

  it('maps the binding error codes onto unavailable or rejected', async () => {
    const outcome = async (error: unknown) =>
      cloudflareEmailSender(binding(async () => Promise.reject(error)).binding)
        .send(message)
        .then(
          () => null,
          (err: unknown) => err,
        );
    for (const code of ['E_RATE_LIMIT_EXCEEDED', 'E_DAILY_LIMIT_EXCEEDED', 'E_INTERNAL_SERVER_ERROR']) {
      expect(await outcome(codeError(code))).toBeInstanceOf(EmailUnavailableError);
    }
    expect(((await outcome(codeError('E_DAILY_LIMIT_EXCEEDED'))) as EmailUnavailableError).retryAfterSeconds).toBe(3600);
    expect(await outcome(new Error('Network connection lost.'))).toBeInstanceOf(EmailUnavailableError);
    for (const code of ['E_SENDER_NOT_VERIFIED', 'E_RECIPIENT_NOT_ALLOWED', 'E_VALIDATION_ERROR']) {
      const rejected = await outcome(codeError(code));
      expect(rejected).toBeInstanceOf(EmailRejectedError);
      expect((rejected as EmailRejectedError).code).toBe(code);
    }
  });
});
