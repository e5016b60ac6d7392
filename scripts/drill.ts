// `npm run drill -- --seconds N [--base-url <url>]`: the resilience drill (docs/runbook.md). Shoppers at
// a steady, bounded rate while payment, webhook, warehouse, D1 and queue faults come one after another,
// then together; the verdict comes from the store's own records. Exits 1 when an order was lost,
// oversold, charged or shipped twice, or left paid but unshipped; 2 when the drill itself could not run.
import { clearAll, probeSwitch, runFaults, type FaultContext } from './drill/faults';
import { parseDrillArgs, USAGE, type DrillOptions } from './drill/options';
import { prepare } from './drill/prepare';
import { collectRecords } from './drill/records';
import { reportLines, scheduleLines } from './drill/report';
import { settle } from './drill/settle';
import { runShoppers } from './drill/shoppers';
import { givenStore, startOwnStore, type DrillStore } from './drill/store';
import { judge } from './drill/verdict';

const started = Date.now();
const log = (line: string) => console.log(`[drill ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);

async function drill(options: DrillOptions, store: DrillStore): Promise<number> {
  const plan = await prepare(store);
  const hasSwitch = await probeSwitch(store);
  log(`run ${plan.runId}: ${plan.products.length} products (${Object.values(plan.stock)[0]!.onHand} units of the scarce one), ${options.rate} shoppers/s, at most ${options.maxInFlight} at once, ${options.seconds} s`);

  const journeys = new Set<string>();
  const progress = { next: 0 };
  const faults: FaultContext = {
    e: store,
    runId: plan.runId,
    hasSwitch,
    nextShopper: () => progress.next,
    mine: (item) => item.body.includes(plan.runId) || journeys.has(item.orderId ?? ''),
  };
  const trafficStart = Date.now();
  const until = trafficStart + options.seconds * 1000;
  const [traffic, windows] = await Promise.all([
    runShoppers(store, plan, { rate: options.rate, maxInFlight: options.maxInFlight, until, onOrder: (id) => journeys.add(id), progress }),
    runFaults(faults, options.faults, trafficStart, options.seconds, log),
  ]);
  await clearAll(faults);
  log(`traffic over: ${traffic.journeys.length} shoppers (${traffic.skipped} arrivals skipped at the in-flight cap); settling`);

  const settled = await settle(store, plan, options.settleSeconds, log);
  const verdict = judge(plan, await collectRecords(store, plan), traffic, windows);
  console.log(`\nfaults (seconds from the first shopper):\n${scheduleLines(windows, trafficStart).join('\n')}`);
  console.log(`settled in ${(settled.ms / 1000).toFixed(1)} s (${settled.replays} dead letter(s) replayed)\n`);
  console.log(reportLines(verdict).join('\n'));
  return verdict.ok ? 0 : 1;
}

async function main(): Promise<number> {
  let options: DrillOptions;
  try {
    options = parseDrillArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`drill: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const store = options.baseUrl ? givenStore(options) : await startOwnStore(options, log);
  const stop = () => void store.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await drill(options, store);
  } finally {
    await store.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`drill: could not run: ${(err as Error).stack ?? err}`);
    process.exit(2);
  },
);
