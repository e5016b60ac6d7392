import type { QueueStatus } from '../drops/queue';
import type { Drop } from '../drops/schemas';

/** How often the waiting room updates: the no-JS meta refresh and the poller of public/js/drop-room.js. */
export const ROOM_REFRESH_SECONDS = 5;
export const DROP_ROOM_SCRIPTS = ['/js/drop-room.js'];

export interface DropItem {
  sku: string;
  title: string;
  productSlug: string;
}

export interface DropRoomProps {
  drop: Drop;
  items: DropItem[];
  /** The visitor's place; null before they join. */
  status: QueueStatus | null;
  /** When the visitor's admission ends (ms), once admitted. */
  admittedUntil: number | null;
  /** Turnstile's widget, when the drop asks for it. */
  turnstile: { siteKey: string; scriptSrc: string } | null;
  notice?: string | undefined;
}

const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function estimate(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  if (seconds < 3600) return `about ${Math.ceil(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 360) / 10} hours`;
}

/** What the visitor's place says, in words (the poller renders the same from the JSON). */
export function statusText(status: QueueStatus): { headline: string; detail: string } {
  if (status.admitted) return { headline: 'You’re in', detail: 'Add the drop to your cart and check out before your admission ends.' };
  if (status.expired) return { headline: 'Your admission has ended', detail: 'It was good for ten minutes and was not used.' };
  if (status.soldOut) return { headline: 'Sold out', detail: 'Every unit is sold or held. If a checkout is not completed, its units come back here.' };
  const ahead = status.position === 0 ? 'Nobody is ahead of you.' : `${status.approximate ? 'About ' : ''}${status.position.toLocaleString('en-US')} ${status.position === 1 ? 'person is' : 'people are'} ahead of you.`;
  return { headline: 'You’re in line', detail: `${ahead} Estimated wait: ${estimate(status.etaSeconds)}.` };
}

/** The waiting room (`GET /drops/:id`): join form, then place, estimate, sold out or admitted. */
export function DropRoomPage({ drop, items, status, admittedUntil, turnstile, notice }: DropRoomProps) {
  const startsAt = Date.parse(drop.startsAt);
  const text = status ? statusText(status) : null;
  return (
    <section class="drop-room" data-drop={drop.id} data-ticket={status?.ticket} data-poll-seconds={String(ROOM_REFRESH_SECONDS)}>
      <h1>Drop: {items.map((i) => i.title).join(', ') || drop.id}</h1>
      <p class="muted">
        Starts <time datetime={drop.startsAt} data-countdown={drop.startsAt}>{utc(startsAt)}</time>. Everyone who joins before the start or in its
        first minute gets a random place: arriving early buys nothing. Later arrivals queue in order. At most {drop.perCustomerLimit} per
        customer.
      </p>
      {notice ? (
        <p class="notice" role="alert">
          {notice}
        </p>
      ) : null}
      {status && text ? (
        <div class={`drop-status${status.admitted ? ' drop-admitted' : ''}${status.soldOut ? ' drop-sold-out' : ''}`} aria-live="polite">
          <h2 data-status-headline>{text.headline}</h2>
          <p data-status-detail>{text.detail}</p>
          {status.admitted && admittedUntil ? <p class="muted">Your admission is good until {utc(admittedUntil)}.</p> : null}
          <ul class="drop-items" data-drop-items hidden={!status.admitted}>
            {items.map((item) => (
              <li>
                <a class="button" href={`/products/${encodeURIComponent(item.productSlug)}`}>
                  Shop {item.title}
                </a>
              </li>
            ))}
          </ul>
          {!status.admitted && !status.soldOut && !status.expired ? (
            <p class="muted drop-refresh">This page updates every {ROOM_REFRESH_SECONDS} seconds; keep it open.</p>
          ) : null}
        </div>
      ) : (
        <form class="drop-join" method="post" action={`/drops/${drop.id}`}>
          {turnstile ? (
            <>
              <div class="cf-turnstile" data-sitekey={turnstile.siteKey} data-action="drop-queue"></div>
              <script src={turnstile.scriptSrc} async defer></script>
            </>
          ) : null}
          <button class="button" type="submit">
            Join the waiting room
          </button>
        </form>
      )}
    </section>
  );
}
