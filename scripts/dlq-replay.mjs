#!/usr/bin/env node
// `npm run dlq:replay -- [--base-url <url>] [--id <dead letter id> ...] [--list]`: sends dead letters
// back to the queue they came from, each once (POST /admin/api/dead-letters/replay; docs/runbook.md).
// The admin token comes from ADMIN_TOKEN, else .dev.vars (local). Safe to run twice.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string', default: 'http://127.0.0.1:8787' },
    id: { type: 'string', multiple: true },
    list: { type: 'boolean', default: false },
  },
});

const token =
  process.env.ADMIN_TOKEN ?? (existsSync('.dev.vars') ? /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1]?.trim() : undefined);
if (!token) {
  console.error('dlq:replay: set ADMIN_TOKEN (or run it where .dev.vars has one)');
  process.exit(2);
}
const base = values['base-url'].replace(/\/$/, '');
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

async function call(method, path, body) {
  const res = await fetch(`${base}/admin/api${path}`, { method, headers, body: body && JSON.stringify(body) });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    console.error(`dlq:replay: ${method} ${path} answered ${res.status} ${answer.error?.message ?? ''}`);
    process.exit(1);
  }
  return answer;
}

if (values.list) {
  const { items } = await call('GET', '/dead-letters?pending=1');
  for (const item of items) console.log(`${item.id}  attempts ${item.attempts}  ${new Date(item.receivedAt).toISOString()}  ${JSON.stringify(item.body).slice(0, 120)}`);
  console.log(`${items.length} dead letter(s) not replayed`);
} else {
  const report = await call('POST', '/dead-letters/replay', values.id ? { ids: values.id } : {});
  for (const r of report.replayed) console.log(`replayed ${r.id} -> ${r.queue}`);
  for (const s of report.skipped) console.log(`skipped  ${s.id} (${s.reason})`);
  for (const f of report.failed) console.error(`failed   ${f.id}: ${f.error}`);
  console.log(`dlq:replay: replayed ${report.replayed.length}, skipped ${report.skipped.length}, failed ${report.failed.length}`);
  if (report.failed.length > 0) process.exitCode = 1;
}
