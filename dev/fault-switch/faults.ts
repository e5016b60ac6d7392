import { z } from 'zod';

/**
 * The faults the drill (scripts/drill/) injects inside the store, kept in KV as `fault:<name>` so the
 * fetch handler and the queue consumers (which may run in different isolates) see one switch:
 * - `d1-catalog`: catalog reads (pages and the catalog API) get a D1 whose every call fails;
 * - `queue-throws`: the webhooks, fulfillment and email consumers throw before handling a batch;
 * - `drop-paid-webhook`: the next `count` paid-checkout webhooks are answered 200 and thrown away,
 *   an order lost on purpose, so the drill's test can prove the drill notices.
 */
export const FAULT_NAMES = ['d1-catalog', 'queue-throws', 'drop-paid-webhook'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/**
 * On for `seconds` from now, or for the next `count` times it applies; `requestIncludes` limits
 * `drop-paid-webhook` to webhooks whose body contains it (one drill's run id), like the emulator's faults.
 */
const scope = { requestIncludes: z.string().min(1).max(200).optional() };
export const faultInputSchema = z.union([
  z.object({ seconds: z.number().positive().max(3600), ...scope }).strict(),
  z.object({ count: z.number().int().positive().max(1000), ...scope }).strict(),
]);
export type FaultInput = z.infer<typeof faultInputSchema>;

const storedSchema = z.union([
  z.object({ until: z.number(), ...scope }),
  z.object({ remaining: z.number().int(), ...scope }),
]);
type Stored = z.infer<typeof storedSchema>;

const key = (name: FaultName) => `fault:${name}`;

export async function armFault(kv: KVNamespace, name: FaultName, input: FaultInput): Promise<void> {
  const scoped = input.requestIncludes === undefined ? {} : { requestIncludes: input.requestIncludes };
  const stored: Stored = 'seconds' in input ? { until: Date.now() + input.seconds * 1000, ...scoped } : { remaining: input.count, ...scoped };
  await kv.put(key(name), JSON.stringify(stored));
}

export async function clearFaults(kv: KVNamespace): Promise<void> {
  await Promise.all(FAULT_NAMES.map((name) => kv.delete(key(name))));
}

async function read(kv: KVNamespace, name: FaultName): Promise<Stored | null> {
  const parsed = storedSchema.safeParse(await kv.get(key(name), 'json'));
  return parsed.success ? parsed.data : null;
}

/** Whether `name` is on now (for a request whose body is `body`); a counted fault is used up by this call. */
export async function faultApplies(kv: KVNamespace, name: FaultName, body = ''): Promise<boolean> {
  const stored = await read(kv, name);
  if (!stored) return false;
  if (stored.requestIncludes !== undefined && !body.includes(stored.requestIncludes)) return false;
  if ('until' in stored) return Date.now() < stored.until;
  if (stored.remaining <= 0) return false;
  // Not atomic (KV has no compare-and-set): two racing callers may both take the last one, which a
  // fault that loses orders on purpose can afford.
  await kv.put(key(name), JSON.stringify({ ...stored, remaining: stored.remaining - 1 }));
  return true;
}

export async function listFaults(kv: KVNamespace): Promise<Record<string, Stored>> {
  const out: Record<string, Stored> = {};
  for (const name of FAULT_NAMES) {
    const stored = await read(kv, name);
    if (stored && ('until' in stored ? Date.now() < stored.until : stored.remaining > 0)) out[name] = stored;
  }
  return out;
}
