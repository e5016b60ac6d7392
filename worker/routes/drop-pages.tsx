import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { cartListings } from '../cart/listings';
import { database } from '../db/client';
import { findDrop } from '../drops/drop-store';
import { ADMISSION_TTL_MS } from '../drops/admission';
import { queueStanding, type Standing } from '../drops/queue';
import { DROP_ID_PATTERN, type Drop } from '../drops/schemas';
import { knownVisitor } from '../drops/visitor-cookie';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { toApiError } from '../http/on-error';
import { formFields } from '../http/form-fields';
import { sameOriginForms } from '../middleware/same-origin-forms';
import { TURNSTILE_API_BASE } from '../bot-check/turnstile';
import { DROP_ROOM_SCRIPTS, DropRoomPage, ROOM_REFRESH_SECONDS, type DropItem } from '../views/drop-room';
import { Layout } from '../views/layout';
import { admitIfLetIn, joinAsVisitor, joinLimiter, visitorLimiter } from './drops-api';
import { renderListingError } from './listing-errors';
import { renderNotFound } from './pages';

const ticketQuery = z.object({ ticket: z.string().regex(/^tkt_[0-9]+_[A-Za-z0-9_-]{22}$/).optional() });

async function itemsOf(c: Context<AppEnv>, drop: Drop): Promise<DropItem[]> {
  const listings = await cartListings(c.env, c.executionCtx, drop.skus);
  return drop.skus.flatMap((sku) => {
    const listing = listings.get(sku);
    if (!listing) return [];
    const title = listing.variantTitle === 'Default' ? listing.title : `${listing.title}, ${listing.variantTitle}`;
    return [{ sku, title, productSlug: listing.productSlug }];
  });
}

async function render(c: Context<AppEnv>, drop: Drop, standing: Standing | null, status: ContentfulStatusCode = 200, notice?: string) {
  const widget = drop.turnstile && c.env.TURNSTILE_SITE_KEY
    ? { siteKey: c.env.TURNSTILE_SITE_KEY, scriptSrc: `${(c.env.TURNSTILE_API_BASE || TURNSTILE_API_BASE).replace(/\/+$/, '')}/turnstile/v0/api.js` }
    : null;
  const waiting = standing !== null && !standing.status.admitted && !standing.status.soldOut && !standing.status.expired;
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout
      title="Waiting room"
      description="The waiting room of an Edgefront drop."
      canonical={`${new URL(c.req.url).origin}/drops/${drop.id}`}
      scripts={DROP_ROOM_SCRIPTS}
      refreshSeconds={waiting ? ROOM_REFRESH_SECONDS : undefined}
    >
      <DropRoomPage
        drop={drop}
        items={await itemsOf(c, drop)}
        status={standing?.status ?? null}
        admittedUntil={standing?.admittedAt ? standing.admittedAt + ADMISSION_TTL_MS : null}
        turnstile={widget}
        notice={notice}
      />
    </Layout>,
    status,
  );
}

async function dropOrNull(c: Context<AppEnv>): Promise<Drop | null> {
  const id = c.req.param('id') ?? '';
  return DROP_ID_PATTERN.test(id) ? findDrop(database(c.env.DB), id) : null;
}

/**
 * The waiting room for people (`GET /drops/:id`, never cached): the join form, then the visitor's
 * place (`?ticket=`), which reloads every few seconds without JS (meta refresh) and is polled by
 * public/js/drop-room.js with it. Once admitted, the page sets the admission cookie as the API does.
 */
/** What a person is told when the room cannot answer their request (the API's codes, in words). */
function noticeFor(error: ApiError): string {
  const wait = error.headers['retry-after'];
  const later = wait ? ` Please try again in ${wait} seconds.` : ' Please try again in a moment.';
  if (error.status === 429) return `Too many requests from here.${later}`;
  if (error.status === 403) return 'Please complete the “I am human” check to join.';
  if (error.status === 503) return `The waiting room is briefly unavailable.${later}`;
  if (error.status === 400) return 'That form could not be read here: please use the button on this page.';
  return `That did not work.${later}`;
}

/**
 * Errors of the room's pages (the limiters, the same-origin check, the store's outages) answer an
 * HTML page with the API's status and headers (`Retry-After`), never the API's JSON: the room with
 * the reason when the drop can be read, else a plain error page.
 */
async function pageError(err: Error, c: Context<AppEnv>) {
  const error = toApiError(err);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const status = error.status as ContentfulStatusCode;
  const drop = error.status === 503 || error.code === 'internal_error' ? null : await dropOrNull(c).catch(() => null);
  if (drop) return render(c, drop, null, status, noticeFor(error));
  return renderListingError(c, status, {
    title: error.status === 429 ? 'Too many requests' : 'The waiting room is briefly unavailable',
    message: noticeFor(error),
    links: [{ href: c.req.path, label: 'Back to the waiting room' }, { href: '/', label: 'Go to the home page' }],
  });
}

export const dropPages = new Hono<AppEnv>()
  .get('/drops/:id', visitorLimiter, async (c) => {
    const drop = await dropOrNull(c);
    if (!drop) return renderNotFound(c);
    const query = ticketQuery.safeParse(c.req.query());
    const ticket = query.success ? query.data.ticket : undefined;
    if (!ticket) return render(c, drop, null);
    const visitor = await knownVisitor(c);
    const now = Date.now();
    const standing = visitor ? await queueStanding(c.env, drop, ticket, visitor, now) : null;
    if (!standing || !visitor) return render(c, drop, null, 200, 'That place in line belongs to another browser, or to no one: join here.');
    await admitIfLetIn(c, drop, visitor, standing, now);
    return render(c, drop, standing);
  })
  .post('/drops/:id', sameOriginForms(), joinLimiter, visitorLimiter, async (c) => {
    const drop = await dropOrNull(c);
    if (!drop) return renderNotFound(c);
    const token = (await formFields(c))['cf-turnstile-response'];
    try {
      const { standing } = await joinAsVisitor(c, drop, typeof token === 'string' ? token.slice(0, 2048) : undefined, Date.now());
      c.header('cache-control', 'no-store');
      return c.redirect(`/drops/${drop.id}?ticket=${standing.status.ticket}`, 303);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 403 && err.status !== 503)) throw err;
      for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
      return render(c, drop, null, err.status, err.status === 403 ? 'Please complete the “I am human” check to join.' : 'The check is briefly unavailable. Please try again in a moment.');
    }
  })
  .onError(pageError);
