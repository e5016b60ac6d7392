import { experimentSchema, flagSchema, type Experiment, type Flag } from './schemas';

/**
 * Experiments and flags live in KV, one JSON document per key, so a marketer can also edit them with
 * `wrangler kv key put`. Each isolate keeps what it read and re-reads it in the background at most
 * every RECHECK_MS, so the hot path never waits on KV: a switched-off experiment stops applying
 * within RECHECK_MS in this location (plus KV's own propagation, ~60 s, elsewhere). Documents that
 * fail their schema are skipped, never applied half-understood.
 */
const RECHECK_MS = 30_000;
export const EXPERIMENT_PREFIX = 'experiment:';
export const FLAG_PREFIX = 'flag:';

interface Memo<T> {
  items: T[];
  checkedAt: number;
}

let experiments: Memo<Experiment> | undefined;
let flags: Memo<Flag> | undefined;
let refreshing = false;

async function readAll<T>(kv: KVNamespace, prefix: string, parse: (raw: unknown) => T | null): Promise<T[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown, string> = await kv.list({ prefix, cursor });
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const docs = await Promise.all(keys.map((key) => kv.get(key, 'json').catch(() => null)));
  return docs.map(parse).filter((d): d is T => d !== null);
}

const parseExperiment = (raw: unknown) => experimentSchema.safeParse(raw).data ?? null;
const parseFlag = (raw: unknown) => flagSchema.safeParse(raw).data ?? null;

// Changes whenever the experiments read differ from the ones before: the hot lane keys on it, so a
// replayed page never outlives the experiment setup it was rendered under.
let generation = 0;
let lastSeen = '';

export const experimentsGeneration = () => generation;

async function reload(kv: KVNamespace): Promise<void> {
  const [e, f] = await Promise.all([readAll(kv, EXPERIMENT_PREFIX, parseExperiment), readAll(kv, FLAG_PREFIX, parseFlag)]);
  const now = Date.now();
  const seen = JSON.stringify(e);
  if (seen !== lastSeen) {
    lastSeen = seen;
    generation += 1;
  }
  experiments = { items: e, checkedAt: now };
  flags = { items: f, checkedAt: now };
}

/** Schedules the periodic background re-read when it is due (no-op otherwise). */
export const refreshExperiments = (kv: KVNamespace, ctx: Pick<ExecutionContext, 'waitUntil'>) => refreshInBackground(kv, ctx);

function refreshInBackground(kv: KVNamespace, ctx: Pick<ExecutionContext, 'waitUntil'>): void {
  if (refreshing || !experiments || Date.now() - experiments.checkedAt < RECHECK_MS) return;
  refreshing = true;
  ctx.waitUntil(
    reload(kv)
      .catch(() => undefined)
      .finally(() => (refreshing = false)),
  );
}

/** Every experiment this isolate knows of (enabled or not); reads KV only on an isolate's first call. */
export async function allExperiments(kv: KVNamespace, ctx: Pick<ExecutionContext, 'waitUntil'>): Promise<Experiment[]> {
  if (!experiments) await reload(kv);
  refreshInBackground(kv, ctx);
  return experiments!.items;
}

/** The known experiments without waiting, or undefined before this isolate's first read. */
export const peekExperiments = (): Experiment[] | undefined => experiments?.items;

export async function allFlags(kv: KVNamespace, ctx: Pick<ExecutionContext, 'waitUntil'>): Promise<Flag[]> {
  if (!flags) await reload(kv);
  refreshInBackground(kv, ctx);
  return flags!.items;
}

/** A flag that was never set is on: flags switch features off, they never hide new ones. */
export async function flagEnabled(kv: KVNamespace, ctx: Pick<ExecutionContext, 'waitUntil'>, key: string): Promise<boolean> {
  return (await allFlags(kv, ctx)).find((f) => f.key === key)?.enabled ?? true;
}

/** Admin writes: the isolate that made one sees it at once. */
export async function putExperiment(kv: KVNamespace, experiment: Experiment): Promise<void> {
  await kv.put(`${EXPERIMENT_PREFIX}${experiment.id}`, JSON.stringify(experiment));
  experiments = undefined;
}

export async function deleteExperiment(kv: KVNamespace, id: string): Promise<boolean> {
  const key = `${EXPERIMENT_PREFIX}${id}`;
  const existed = (await kv.get(key)) !== null;
  await kv.delete(key);
  experiments = undefined;
  return existed;
}

/** Every document under `prefix` as stored (admin listing; invalid ones included, to be fixed). */
export async function listDocuments(kv: KVNamespace, prefix: string): Promise<unknown[]> {
  return readAll(kv, prefix, (raw) => raw);
}

export async function getDocument<T>(kv: KVNamespace, key: string, parse: (raw: unknown) => T | null): Promise<T | null> {
  return parse(await kv.get(key, 'json'));
}

export const getExperiment = (kv: KVNamespace, id: string) => getDocument(kv, `${EXPERIMENT_PREFIX}${id}`, parseExperiment);
export const getFlag = (kv: KVNamespace, key: string) => getDocument(kv, `${FLAG_PREFIX}${key}`, parseFlag);

export async function putFlag(kv: KVNamespace, flag: Flag): Promise<void> {
  await kv.put(`${FLAG_PREFIX}${flag.key}`, JSON.stringify(flag));
  flags = undefined;
}
