/**
 * Rollouts per minute at parallelism 8 against the same batch run sequentially (issue #20 target:
 * >= 6x), with `runRolloutBatch` (the taskset run's engine: deterministic ids, tool router with
 * replay, traces and result rows in a real SQLite file) and the local model-protocol server
 * answering each call after a fixed delay, as a hosted model takes time. The agent's eval is
 * archived so the figure is the rollouts alone. Sequential (parallel 1) is the baseline: the same
 * rollouts, same model, same database, in the same rounds; 8x is the ceiling.
 */
import { createSystemCtx } from '@/core/system-ctx';
import { archiveEval } from '@/evals/versions/set-eval-status';
import { startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import { runRolloutBatch } from '@/optimize/runs/run-rollout-batch';
import { seedShopRun, shopAgent } from '@/optimize/runs/testing';
import { loadFrozenTaskset } from '@/optimize/tasksets/load-frozen-taskset';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { interleave, ratioSpread, spread } from '../lib/measure';
import { startBench } from '../lib/report';

const ROUNDS = 5;
const TASKS = 48;
const MODEL_DELAY_MS = 100;

const bench = startBench(
  'rollouts-parallel',
  `Rollouts: throughput at parallelism 8 vs sequential (${TASKS} rollouts a round)`,
);
const llm = await startMockLlmServer({ responder: shopAgent(MODEL_DELAY_MS) });
const scratch = scratchDir('parallel');
const deps = openBenchDeps(scratch.file('parallel.db'));
deps.llmEnv = { IOFOLD_LLM_BASE_URL: llm.baseUrlV1, IOFOLD_LLM_MODEL: 'gpt-4o-mini' };
try {
  const workspaceId = await insertWorkspace(deps);
  const ctx = createSystemCtx(deps, workspaceId, 'bench');
  const seeded = await seedShopRun(ctx, { tasks: TASKS });
  await archiveEval(ctx, seeded.evalId);
  const { tasks } = await loadFrozenTaskset(ctx, seeded.tasksetId);
  let round = 0;
  const perMinute = (parallel: number) => async () => {
    // a new stage each time: a batch of the same identity would find its rollouts done
    const stage = `p${parallel}-${round++}`;
    const started = performance.now();
    const result = await runRolloutBatch(ctx, {
      agentVersionId: seeded.versionId,
      taskIds: tasks.map((t) => t.id),
      parallel,
      stage,
    });
    const ms = performance.now() - started;
    const ok = result.tasks.flatMap((t) => t.rollouts).filter((r) => r.status === 'succeeded');
    if (ok.length !== TASKS) {
      throw new Error(`${ok.length}/${TASKS} rollouts succeeded at parallel ${parallel}`);
    }
    return (TASKS / ms) * 60_000;
  };
  await perMinute(8)();
  const rounds = await interleave(ROUNDS, { sequential: perMinute(1), parallel8: perMinute(8) });
  bench.figure({
    name: 'baseline: sequential (parallel 1)',
    unit: 'rollouts/min',
    value: spread(rounds.sequential),
  });
  bench.figure({
    name: 'parallel 8 (target >= 6x sequential; 8x is the ceiling)',
    unit: 'rollouts/min',
    value: spread(rounds.parallel8),
    ratio: { of: 'baseline', value: ratioSpread(rounds.parallel8, rounds.sequential) },
  });
  bench.note(
    `${ROUNDS} rounds, interleaved; ${TASKS} tasks, k = 1 (half single-turn: 2 model calls, half two scripted turns: 4), tools replayed; the model server answers each call after ${MODEL_DELAY_MS} ms.`,
  );
} finally {
  deps.close();
  scratch.remove();
  await llm.close();
}
bench.done();
