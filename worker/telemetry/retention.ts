import { EVENT_TYPES } from './events';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The Health view's longest window is 7 days: a shorter retention would empty it. */
export const MIN_RETENTION_DAYS = 8;
const DEFAULT_RETENTION_DAYS = 90;

/** `EVENTS_RETENTION_DAYS` (wrangler.toml), never under MIN_RETENTION_DAYS; unset or unreadable: 90. */
export function retentionDays(env: Pick<Env, 'EVENTS_RETENTION_DAYS'>): number {
  const days = Number(env.EVENTS_RETENTION_DAYS);
  if (!env.EVENTS_RETENTION_DAYS || !Number.isFinite(days)) return DEFAULT_RETENTION_DAYS;
  return Math.max(MIN_RETENTION_DAYS, Math.floor(days));
}

// Through events_type_at_idx (type, at): one range per event type, never a scan of the table.
const TYPES = EVENT_TYPES.map((t) => `'${t}'`).join(', ');
const DELETE_OLDEST = `delete from events where rowid in (
  select rowid from events where type in (${TYPES}) and at < ?1 limit ?2)`;

export interface PruneReport {
  deleted: number;
  /** True when the run stopped at its batch budget with old events left (the next run goes on). */
  more: boolean;
}

/**
 * Deletes events older than the retention, `batch` rows a statement and at most `maxBatches`
 * statements a run, so one cron run never holds D1 for long whatever the backlog: a store turning
 * retention on with a year of events catches up over a few runs. Experiment exposures are not
 * events and are kept (docs/observability.md says what an experiment longer than the retention loses).
 */
export async function pruneEvents(env: Env, now = Date.now(), { batch = 1_000, maxBatches = 10 } = {}): Promise<PruneReport> {
  const before = now - retentionDays(env) * DAY_MS;
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const { meta } = await env.DB.prepare(DELETE_OLDEST).bind(before, batch).run();
    deleted += meta.changes;
    if (meta.changes < batch) return { deleted, more: false };
  }
  return { deleted, more: true };
}
