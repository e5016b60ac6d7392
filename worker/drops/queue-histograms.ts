import { PHASE0_BUCKET_SHIFT, PHASE1_BUCKET_MS, type PlaceHistogram, type QueueEntry } from '../../durable-objects/drop-queue';

/**
 * Cheap positions (docs/drops.md "Cheaper reads"): an isolate keeps the bucketed place keys of each
 * of a drop's queue shards for up to `HISTOGRAM_TTL_MS`, so a poll asks only its own shard for an
 * exact count and sums the other shards' buckets below its key in memory.
 */

export const HISTOGRAM_TTL_MS = 1_000;

type Snapshot = { at: number; shards: PlaceHistogram[] };
const snapshots = new Map<string, Snapshot>();
const pending = new Map<string, Promise<Snapshot>>();

/** The drop's shard histograms, at most `HISTOGRAM_TTL_MS` old; concurrent polls share one fetch. */
export async function histogramsOf(dropId: string, fetchAll: () => Promise<PlaceHistogram[]>, nowMs: number): Promise<Snapshot> {
  const hit = snapshots.get(dropId);
  if (hit && nowMs - hit.at < HISTOGRAM_TTL_MS) return hit;
  let inFlight = pending.get(dropId);
  if (!inFlight) {
    inFlight = fetchAll()
      .then((shards) => {
        const snapshot = { at: nowMs, shards };
        if (snapshots.size > 100) snapshots.clear();
        snapshots.set(dropId, snapshot);
        return snapshot;
      })
      .finally(() => pending.delete(dropId));
    pending.set(dropId, inFlight);
  }
  return inFlight;
}

export const bucketOf = (phase: 0 | 1, key: number) => (phase === 0 ? Math.floor(key / 2 ** PHASE0_BUCKET_SHIFT) : Math.floor(key / PHASE1_BUCKET_MS));

/**
 * Entries of one shard's histogram placed before `entry`: `below` surely, and `uncertain` more that
 * share its bucket (each may be before or after it).
 */
export function countBelow(histogram: PlaceHistogram, entry: Pick<QueueEntry, 'phase' | 'key'>): { below: number; uncertain: number } {
  const bucket = bucketOf(entry.phase, entry.key);
  let below = entry.phase === 1 ? histogram.phase0.reduce((sum, { n }) => sum + n, 0) : 0;
  let uncertain = 0;
  for (const { bucket: b, n } of entry.phase === 0 ? histogram.phase0 : histogram.phase1) {
    if (b < bucket) below += n;
    else if (b === bucket) uncertain += n;
    else break;
  }
  return { below, uncertain };
}
