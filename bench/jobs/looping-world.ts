/**
 * The fairness benches' world (issue #13, probes F8): an eval that loops forever on 2 traces of
 * every 3 (so "3 timeouts in a row" never stops its run), a trivial one, and a workspace with
 * traces and one eval.
 */
import type { Ctx } from '@/core/context';
import type { Job } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { addManualEval } from '@/evals/testing/add-active-eval';
import { seedAgentTraces } from '@/evals/testing/seed-agent-traces';
import type { createTestDeps } from '@/hosts/test-deps';

export const HOG = `def eval_hog(trace):
    n = int(trace["messages"][0]["content"].split()[1])
    if n % 3 == 2:
        return True, "breather"
    while True:
        pass
`;
export const TRIVIAL = 'def eval_ok(trace):\n    return True, "b-ok"\n';

/** A workspace `name` with `n` traces (`t 0` … `t n-1`) of one agent and `code` as its eval. */
export async function workspaceWithEval(
  deps: ReturnType<typeof createTestDeps>,
  name: string,
  code: string,
  n: number,
): Promise<{ workspaceId: string; evalId: string; traceIds: string[] }> {
  const ws = await createTestWorkspace(deps, name);
  if (!ws) {
    throw new Error('no workspace');
  }
  const ctx: Ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: name };
  const { agentId, traceIds } = await seedAgentTraces(
    ctx,
    Array.from({ length: n }, (_, i) => ({
      label: 'positive' as const,
      toolNames: [],
      text: `t ${i}`,
    })),
  );
  const target = await addManualEval(ctx, agentId, code.slice(4, code.indexOf('(')), code);
  return { workspaceId: ws.id, evalId: target.id, traceIds };
}

/** A finished job's time in the queue (enqueue to claim) and in all (enqueue to done), ms. */
export function queueTimes(job: Job): { queued: number; total: number } {
  const created = job.createdAt.getTime();
  return {
    queued: (job.startedAt?.getTime() ?? Number.NaN) - created,
    total: (job.finishedAt?.getTime() ?? Number.NaN) - created,
  };
}
