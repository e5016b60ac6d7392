// Worker sources the bench runs beside the store, in the same workerd process: real files under
// bench/workers/ (read as text; Miniflare gets them as modules beside the bundle in its outdir, so an
// entry's `./index.js` is the bundle). The header names below are spelled out in those files too;
// workerSource() checks they agree.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKERS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../workers');

/**
 * The source of bench/workers/<file>; each of `mustName` must appear in it (a header or module name
 * shared with the bench's own code).
 * @param {string} file
 * @param {string[]} [mustName]
 */
export function workerSource(file, mustName = []) {
  const text = readFileSync(join(WORKERS_DIR, file), 'utf8');
  for (const name of mustName) if (!text.includes(name)) throw new Error(`bench/workers/${file} does not name ${name}`);
  return text;
}

/** (a) "bare ceiling": the cheapest possible Worker answer. */
export const BARE_WORKER = workerSource('bare.js');

/** (b) "one-query ceiling": a bare Worker plus one trivial D1 round trip per request. */
export const ONE_QUERY_WORKER = workerSource('one-query.js');

/** Header the counting entry adds: D1 round trips the request made (a batch counts as one). */
export const ROUND_TRIPS_HEADER = 'x-bench-d1-round-trips';
/** Header the counting entry adds: SQL statements the request sent (every statement of a batch). */
export const STATEMENTS_HEADER = 'x-bench-d1-statements';
/** Header the counting entry adds: URI-encoded JSON [{ sql, params, method }] of the statements sent. */
export const SQL_HEADER = 'x-bench-d1-sql';

/**
 * Entry module put IN FRONT OF the unmodified production bundle (`./index.js`) for the D1-counting
 * store workers only (never the ones under load). It hands the store a per-request env whose DB wraps
 * the real binding and counts round trips: each prepared statement's first/all/run/raw is one, each
 * batch() is one (however many statements), each exec() is one. The body is read to the end before
 * the count is taken, so work done while rendering is included; work the store defers to
 * ctx.waitUntil (stale-while-revalidate refreshes) is not.
 */
export const COUNTING_ENTRY = workerSource('count-d1-entry.js', [ROUND_TRIPS_HEADER, STATEMENTS_HEADER, SQL_HEADER]);

/**
 * Entry module in front of the unmodified bundle that silences console.log (the store's per-request
 * JSON access log) to measure what logging costs. console.error still goes through.
 */
export const NOLOG_ENTRY = workerSource('nolog-entry.js');

/**
 * Replays one captured store statement per request, nothing else: the D1 cost of a route without its
 * rendering. The statement comes in the x-bench-sql header ({ sql, params, method, slugIndex }); the
 * slug parameter is replaced by the request path's last segment so the rows rotate like the page's.
 */
export const REPLAY_SQL_WORKER = workerSource('replay-sql.js');
