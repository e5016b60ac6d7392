import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../http/app-env';

const STRIPE_JS = 'https://js.stripe.com';
/** Turnstile's widget script and challenge frame (the drop pages, docs/drops.md). */
const TURNSTILE = 'https://challenges.cloudflare.com';

/**
 * The content security policy allows our own origin plus exactly what Stripe.js and Embedded Checkout
 * need (their documented CSP list); no inline script anywhere. HSTS only when served over https, so
 * local http development is not pinned.
 *
 * Only headers that modern browsers act on are sent: every response header costs CPU on each answer
 * (measured locally at several microseconds each, bench/RESULTS.md). Left out on purpose:
 * X-Frame-Options (CSP `frame-ancestors` supersedes it), X-XSS-Protection (removed from browsers),
 * X-Download-Options and X-Permitted-Cross-Domain-Policies (IE and Flash), X-DNS-Prefetch-Control,
 * Origin-Agent-Cluster and Cross-Origin-Resource-Policy (no cross-origin embedding to guard here).
 */
const policyWith = (paymentPage: string | null, turnstile: string) => secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", STRIPE_JS, turnstile],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'https://*.stripe.com'],
    connectSrc: ["'self'", 'https://api.stripe.com', 'https://checkout.stripe.com', turnstile],
    frameSrc: [STRIPE_JS, 'https://hooks.stripe.com', 'https://checkout.stripe.com', turnstile],
    // A checkout form post is answered with a redirect to the payment page, which form-action also
    // governs: Stripe's hosted page, or the local emulator's (STRIPE_API_BASE) in development.
    formAction: ["'self'", 'https://checkout.stripe.com', ...(paymentPage ? [paymentPage] : [])],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: 'strict-origin-when-cross-origin',
  permissionsPolicy: {
    camera: [],
    microphone: [],
    geolocation: [],
    payment: ['self', STRIPE_JS],
  },
  strictTransportSecurity: false,
  xFrameOptions: false,
  xXssProtection: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xDnsPrefetchControl: false,
  originAgentCluster: false,
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: 'same-origin-allow-popups',
});

/** One policy per configured payment and Turnstile API base (one each per deployment), built once. */
const policies = new Map<string, MiddlewareHandler>();
function policyFor(apiBase: string | undefined, turnstileBase: string | undefined): MiddlewareHandler {
  const key = `${apiBase ?? ''} ${turnstileBase ?? ''}`;
  let policy = policies.get(key);
  if (!policy) {
    policy = policyWith(apiBase ? new URL(apiBase).origin : null, turnstileBase ? new URL(turnstileBase).origin : TURNSTILE);
    policies.set(key, policy);
  }
  return policy;
}

export const securityHeaders = (): MiddlewareHandler<AppEnv> =>
  async function securityHeaders(c, next) {
    await policyFor(c.env.STRIPE_API_BASE, c.env.TURNSTILE_API_BASE || undefined)(c, next);
    if (c.req.url.startsWith('https:')) {
      c.header('Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload');
    }
  };
