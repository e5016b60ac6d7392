import { parseArgs } from 'node:util';

/** Faults the drill can inject; `lose-order` is not in the default set: it loses an order on purpose. */
export const FAULT_KINDS = ['payment', 'webhooks', 'warehouse', 'd1', 'queue', 'lose-order'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const DEFAULT_FAULTS: FaultKind[] = ['payment', 'webhooks', 'warehouse', 'd1', 'queue'];

export interface DrillOptions {
  seconds: number;
  /** A running store; without one the drill starts its own (scripts/drill/store.ts). */
  baseUrl: string | null;
  emulatorUrl: string;
  /** Shoppers started per second (steady), and at most this many in flight (bounded). */
  rate: number;
  maxInFlight: number;
  faults: FaultKind[];
  /** How long the store gets, once the traffic stops, to converge (paid → shipped). */
  settleSeconds: number;
  /** Products seeded into the drill's own store. */
  products: number;
  port: number | null;
  emulatorPort: number | null;
}

export const USAGE =
  'usage: npm run drill -- --seconds N [--base-url <url> [--emulator-url <url>]] [--rate R] [--max-in-flight M]\n' +
  `       [--faults ${FAULT_KINDS.join(',')}] [--settle-seconds S] [--products P] [--port P --emulator-port P]`;

function positive(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a number in (0, ${max}], got ${value}`);
  return n;
}

export function parseDrillArgs(argv: string[]): DrillOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string' },
      'base-url': { type: 'string' },
      'emulator-url': { type: 'string' },
      rate: { type: 'string' },
      'max-in-flight': { type: 'string' },
      faults: { type: 'string' },
      'settle-seconds': { type: 'string' },
      products: { type: 'string' },
      port: { type: 'string' },
      'emulator-port': { type: 'string' },
    },
  });
  if (values.seconds === undefined) throw new Error('--seconds is required');
  const faults = values.faults === undefined ? DEFAULT_FAULTS : values.faults.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of faults) if (!(FAULT_KINDS as readonly string[]).includes(f)) throw new Error(`unknown fault ${f} (known: ${FAULT_KINDS.join(', ')})`);
  const port = (name: string, v: string | undefined) => (v === undefined ? null : Math.round(positive(name, v, 0, 65_535)));
  return {
    seconds: positive('seconds', values.seconds, 60, 3600),
    baseUrl: values['base-url']?.replace(/\/$/, '') ?? null,
    emulatorUrl: (values['emulator-url'] ?? 'http://127.0.0.1:12111').replace(/\/$/, ''),
    rate: positive('rate', values.rate, 2, 50),
    maxInFlight: Math.round(positive('max-in-flight', values['max-in-flight'], 8, 200)),
    faults: faults as FaultKind[],
    settleSeconds: positive('settle-seconds', values['settle-seconds'], 60, 1800),
    products: Math.round(positive('products', values.products, 24, 520)),
    port: port('port', values.port ?? process.env.PORT),
    emulatorPort: port('emulator-port', values['emulator-port'] ?? process.env.STRIPE_EMULATOR_PORT),
  };
}
