import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { agents } from '@/db/schema';
import { generateEval } from '@/evals/generation/generate-eval';
import { createTestDeps } from '@/hosts/test-deps';
import { indexTasks } from '@/optimize/tasks/index-tasks';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { seedDemoWorkspace } from './seed-demo-workspace';

const sandbox = createPyodideSandbox({ poolSize: 1 });
afterAll(() => sandbox.close());

/**
 * `iofold evals generate --workspace demo` on a demo made on `day`; with `indexed`, after the
 * tasks index job has run (as the server runs it ten seconds after the demo is seeded).
 */
async function generateOnDemoMadeOn(day: string, indexed = false) {
  const deps = createTestDeps({ sandbox, now: () => new Date(`${day}T10:00:00Z`) });
  try {
    const { workspaceId } = await seedDemoWorkspace(deps, { memberUserIds: [] });
    const [agent] = await deps.db.select().from(agents).where(eq(agents.workspaceId, workspaceId));
    const ctx = { ...deps, workspaceId, actor: { type: 'system' as const }, requestId: 'demo' };
    if (indexed) {
      await indexTasks(ctx, {});
    }
    return await generateEval(ctx, { agentId: agent?.id ?? '' });
  } finally {
    deps.close();
  }
}

describe("the demo's generation", { timeout: 300_000 }, () => {
  it('gives the same answer for demos made on different days, indexed or not, and its rules name the demo failures', async () => {
    const december = await generateOnDemoMadeOn('2026-12-01');
    const march = await generateOnDemoMadeOn('2027-03-15', true);
    // a version, not forced: it clears always saying "pass" held out
    expect(december.outcome).toBe('created');
    expect(december.forced).toBe(false);
    expect(march.outcome).toBe(december.outcome);
    expect(march.heldOut).toEqual(december.heldOut);
    expect(march.rules).toEqual(december.rules);
    const text = december.rules.join('\n');
    // writes without confirmation, ignored tool errors, invented prices
    expect(text).toMatch(/write-like\) .*(without asking|asked a question)/);
    expect(text).toMatch(/last call failed and was never retried/);
    expect(text).toMatch(/dollar amount/);
  });
});
