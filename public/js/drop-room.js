// The waiting room's poller (GET /drops/:id): every `data-poll-seconds` (5 s, docs/drops.md) it asks
// GET /api/drops/:id/queue?ticket= and updates the place and estimate in place; once admitted (the
// answer sets the admission cookie) or sold out it reloads, so the server renders that state. Without
// JS the page reloads itself at the same interval (a <noscript> meta refresh). The countdown to the
// start is computed here from the page's `data-countdown` instant, so it is right on a cached page too.
const room = document.querySelector('.drop-room[data-drop]');

function estimate(seconds) {
  if (seconds < 60) return 'less than a minute';
  if (seconds < 3600) return `about ${Math.ceil(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 360) / 10} hours`;
}

function countdown(element) {
  const startsAt = Date.parse(element.dataset.countdown);
  const label = element.closest('[data-drop-banner]') ? element : null;
  const tick = () => {
    const left = Math.max(0, Math.round((startsAt - Date.now()) / 1000));
    const h = Math.floor(left / 3600);
    const m = Math.floor((left % 3600) / 60);
    const s = left % 60;
    element.textContent = left === 0 ? 'now' : `in ${h > 0 ? `${h}h ` : ''}${m}m ${String(s).padStart(2, '0')}s`;
    if (left === 0) {
      label?.closest('[data-drop-banner]')?.classList.add('drop-live');
      return;
    }
    setTimeout(tick, 1000);
  };
  tick();
}

for (const element of document.querySelectorAll('[data-countdown]')) countdown(element);

if (room?.dataset.ticket) {
  const drop = room.dataset.drop;
  const ticket = room.dataset.ticket;
  const interval = Number(room.dataset.pollSeconds || '5') * 1000;
  const headline = room.querySelector('[data-status-headline]');
  const detail = room.querySelector('[data-status-detail]');
  const poll = async () => {
    try {
      const res = await fetch(`/api/drops/${encodeURIComponent(drop)}/queue?ticket=${encodeURIComponent(ticket)}`, { headers: { accept: 'application/json' } });
      if (res.ok) {
        const status = await res.json();
        if (status.admitted || status.soldOut || status.expired) return location.reload();
        const ahead = status.position === 0 ? 'Nobody is ahead of you.' : `${status.approximate ? 'About ' : ''}${status.position.toLocaleString('en-US')} ${status.position === 1 ? 'person is' : 'people are'} ahead of you.`;
        if (headline) headline.textContent = 'You’re in line';
        if (detail) detail.textContent = `${ahead} Estimated wait: ${estimate(status.etaSeconds)}.`;
      }
    } catch {
      // Offline for a moment: the next poll tries again.
    }
    setTimeout(poll, interval);
  };
  if (!room.querySelector('.drop-admitted, .drop-sold-out')) setTimeout(poll, interval);
}
