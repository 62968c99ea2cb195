import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-iofold';

// docs/deploy-cloudflare.md's local sequence, end to end against wrangler dev (workerd, local D1).
describe('scripts/cloudflare-local.sh', () => {
  it('sets up the owner, mints keys, ingests a trace, signs in and runs cron on local wrangler', () => {
    const run = spawnSync('bash', [join(REPO_ROOT, 'scripts/cloudflare-local.sh')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toContain('traces: 1');
    expect(output).toContain('signed in as owner@example.com in acme');
    expect(output).toContain('Ran scheduled event');
  }, 300_000);
});
