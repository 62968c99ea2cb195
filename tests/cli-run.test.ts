import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb } from '@/db/client.node.js';
import { workspaces } from '@/db/schema';
import { createTestDeps } from '@/hosts/test-deps';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { seedShopRun, shopAgent, simulatedShopUser } from '@/optimize/runs/testing';
import { runIofold } from './helpers/run-iofold';

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-run-'));
let llm: MockLlmServer;
let seeded: Awaited<ReturnType<typeof seedShopRun>>;
const iofold = (args: string[]) =>
  runIofold(args, {
    cwd,
    env: { IOFOLD_LLM_BASE_URL: llm.baseUrlV1, IOFOLD_LLM_MODEL: 'gpt-4o-mini' },
  });

beforeAll(async () => {
  llm = await startMockLlmServer({ responder: shopAgent() });
  const setup = await iofold(['keys', 'create', '--name', 'setup', '--quiet']);
  expect(setup.code, setup.stderr).toBe(0);
  const handle = openSqliteDb({ path: join(cwd, '.iofold', 'iofold.db') });
  const deps = createTestDeps({ db: handle.db });
  const [ws] = await deps.db.select().from(workspaces).where(eq(workspaces.slug, 'default'));
  seeded = await seedShopRun(createSystemCtx(deps, ws?.id ?? ''));
  handle.close();
}, 120_000);
afterAll(async () => {
  await llm.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('iofold run', { timeout: 400_000 }, () => {
  it('runs a version on a split with live progress; shows, resumes, lists and compares runs', async () => {
    const first = await iofold([
      'run',
      '--taskset',
      seeded.tasksetId,
      '--agent-version',
      seeded.versionId,
      '--split',
      'test',
      '--k',
      '2',
      '--json',
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr, first.stdout.slice(0, 500)).toMatch(/^4\/4 4\/4 rollouts/m);
    const a = JSON.parse(first.stdout);
    expect(a.run).toMatchObject({
      status: 'succeeded',
      summary: { meanScore: 0.5, rolloutsDone: 4 },
    });
    expect(a.tasks[0].rollouts[0].traceId).toMatch(/^trc_|^tr/);

    const second = await iofold([
      'run',
      '--taskset',
      seeded.tasksetId,
      '--split',
      'test',
      '--max-cost',
      '0.0000001',
    ]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/ stopped: 1\/2 rollouts/);
    const runB = /run (trun_\w+)/.exec(second.stdout)?.[1] ?? '';

    const stopped = JSON.parse((await iofold(['run', 'show', runB, '--json'])).stdout);
    expect(stopped.run.status).toBe('stopped');
    const kept = stopped.tasks.flatMap((t: { rollouts: { traceId: string | null }[] }) =>
      t.rollouts.map((r) => r.traceId).filter(Boolean),
    );
    expect(kept).toHaveLength(1);
    const resumed = await iofold(['run', 'resume', runB, '--max-cost', '100', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const b = JSON.parse(resumed.stdout);
    expect(b.run).toMatchObject({ id: runB, status: 'succeeded', summary: { rolloutsDone: 2 } });
    const traces = b.tasks.flatMap((t: { rollouts: { traceId: string | null }[] }) =>
      t.rollouts.map((r) => r.traceId),
    );
    expect(traces).toHaveLength(2);
    expect(traces).toContain(kept[0]);
    const again = await iofold(['run', 'cancel', runB]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/only a queued or running run can be cancelled/);
    const listed = await iofold(['run', 'list', '--taskset', seeded.tasksetId]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(a.run.id);
    expect(listed.stdout).toMatch(new RegExp(`${runB}\\s+succeeded\\s+2/2`));

    const compared = await iofold(['run', 'compare', a.run.id, runB]);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toMatch(/pairs: b better on \d+, worse on \d+, tied on \d+/);
    expect(compared.stdout).toMatch(/sign test p = [\d.]+; permutation test p = [\d.]+ \(exact\)/);
    const missing = await iofold(['run', 'compare', a.run.id, 'trun_nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/not found/i);
  });

  it('plays the tasks with a simulated user chosen by flag, and refuses its settings without it', async () => {
    const agent = shopAgent();
    llm.setResponder((request) => simulatedShopUser(request) ?? agent(request));
    const simulated = await iofold([
      'run',
      '--taskset',
      seeded.tasksetId,
      '--split',
      'test',
      '--user-mode',
      'simulated',
      '--user-model',
      'sim-model',
      '--max-user-turns',
      '4',
      '--json',
    ]);
    expect(simulated.code, simulated.stderr).toBe(0);
    const out = JSON.parse(simulated.stdout);
    expect(out.run).toMatchObject({
      status: 'succeeded',
      config: { userMode: 'simulated', userModel: 'sim-model', maxUserTurns: 4 },
      // the simulated user asks to cancel on both tasks: the eval passes on both
      summary: { meanScore: 1, rolloutsDone: 2 },
    });
    const reasons = out.tasks.flatMap((t: { rollouts: { terminationReason: string }[] }) =>
      t.rollouts.map((r) => r.terminationReason),
    );
    expect(reasons).toEqual(['user_stop', 'user_stop']);
    expect(llm.requests.some((r) => r.model === 'sim-model')).toBe(true);

    const refused = await iofold([
      'run',
      '--taskset',
      seeded.tasksetId,
      '--user-mode',
      'scripted',
      '--max-user-turns',
      '3',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('userModel and maxUserTurns apply only with userMode');
  });
});
