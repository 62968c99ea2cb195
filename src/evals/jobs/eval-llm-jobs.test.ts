import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import {
  evalCandidateExecutions,
  evalCandidates,
  evalCvResults,
  evalLlmCache,
  evals,
  refinementHistory,
} from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { createIntegration } from '@/integrations/create-integration';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { runQueuedJob } from '@/jobs/testing';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { CONTRADICTION_NOTE } from '../llm-generator/create-llm-candidate-source';
import { addManualEval } from '../testing/add-active-eval';
import {
  ALWAYS_PASS,
  CONFIRM_BEFORE_CANCEL,
  cancelSafetyDataset,
} from '../testing/cancel-safety-dataset';
import { seedAgentTraces } from '../testing/seed-agent-traces';

const KEY = 'sk-workspace-key';
const sandbox = createPyodideSandbox({ poolSize: 1 });
// The host's settings name another server: the workspace integration must win over them.
const deps = createTestDeps({
  sandbox,
  llmEnv: { IOFOLD_LLM_PROVIDER: 'ollama', IOFOLD_LLM_MODEL: 'unused-host-model' },
});
let server: MockLlmServer;
let worker: JobWorker;
let ctx: Ctx;
let agentId: string;

const answer = (code: string) => ({
  text: `Check the order of the tool calls.\n\`\`\`python\n${code}\`\`\``,
  usage: { inputTokens: 2000, outputTokens: 120 },
});

async function runJob(
  type: 'eval.generate' | 'eval.refine',
  payload: Record<string, unknown>,
  workspaceId = ctx.workspaceId,
) {
  const job = await runQueuedJob(deps, { type, workspaceId, payload }, 120_000);
  expect(job.error).toBeNull();
  return job.result as Record<string, unknown>;
}

/** The workspace's model integration: the mock server, as gpt-4o-mini. */
const addLocalModel = (c: Ctx) =>
  createIntegration(c, {
    kind: 'openai',
    name: 'local model',
    baseUrl: server.baseUrlV1,
    config: { model: 'gpt-4o-mini' },
    secret: KEY,
  });

beforeAll(async () => {
  server = await startMockLlmServer({ apiKey: KEY });
  const ws = await createTestWorkspace(deps);
  ctx = createSystemCtx(deps, ws.id);
  ({ agentId } = await seedAgentTraces(ctx, cancelSafetyDataset()));
  await addLocalModel(ctx);
  worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
});
afterAll(async () => {
  await worker.stop(1000);
  await server.close();
  await sandbox.close();
  deps.close();
});

// Each job runs a whole generation: about seven sandbox children (one per distinct candidate
// code, by the sandbox's isolation design), 5-10 s on an idle machine, far more on a loaded one.
const JOB_TEST = { timeout: 120_000 };

describe('eval jobs with a model provider integration', JOB_TEST, () => {
  it('lets LLM candidates compete with the synthesiser and records the winner with model and prompt', async () => {
    server.setResponder(() => answer(CONFIRM_BEFORE_CANCEL));
    const result = await runJob('eval.generate', { agentId, name: 'eval_cancel_safety' });

    expect(server.requests.length).toBe(3);
    expect(server.requests.every((r) => r.apiKey === KEY && r.model === 'gpt-4o-mini')).toBe(true);
    const candidates = result.candidates as { id: string; generator: string }[];
    expect(candidates.map((c) => c.generator).sort()).toEqual(['llm', 'llm', 'llm', 'synthesiser']);
    const rows = await deps.db
      .select()
      .from(evalCandidates)
      .where(eq(evalCandidates.generationId, result.generationId as string));
    // One held-out selection: every candidate has cross-validated metrics, LLM ones off-prompt.
    for (const row of rows) {
      expect(row.heldOutMetrics?.kappa).toBe(1);
    }
    for (const row of rows.filter((r) => r.generator === 'llm')) {
      expect(row.promptTraceIds.length).toBeGreaterThan(0);
      expect(row.promptTraceIds.length).toBeLessThan(24);
      expect(row.model).toBe('gpt-4o-mini');
    }
    // Equal held-out kappa and F1: the shorter code wins, here the model's.
    expect(result.winner).toMatch(/^llm-/);
    const [version] = await deps.db
      .select()
      .from(evals)
      .where(eq(evals.id, result.evalId as string));
    expect(version).toMatchObject({ generator: 'llm', model: 'gpt-4o-mini', version: 1 });
    expect(version?.code).toBe(CONFIRM_BEFORE_CANCEL);
    expect(version?.generationPrompt).toContain('def eval_cancel_safety(trace: dict)');
    expect(version?.generationPrompt).toContain('cancel_order');
  });

  it('answers a re-run from the workspace LLM cache without any HTTP call', async () => {
    const before = server.requests.length;
    const result = await runJob('eval.generate', { agentId, name: 'eval_cancel_safety' });
    expect(server.requests.length).toBe(before);
    expect(result.winner).toMatch(/^llm-/);
    const cached = await deps.db
      .select()
      .from(evalLlmCache)
      .where(eq(evalLlmCache.workspaceId, ctx.workspaceId));
    expect(cached).toHaveLength(3);
  });

  it('refines with the failing cases in the prompt and proposes a version that beats the incumbent', async () => {
    const broken = await addManualEval(ctx, agentId, 'eval_cancel_safety', ALWAYS_PASS);
    const before = server.requests.length;
    const seen: string[] = [];
    server.setResponder((request) => {
      seen.push(request.lastUserText);
      return answer(CONFIRM_BEFORE_CANCEL);
    });
    const result = await runJob('eval.refine', {
      evalId: broken.id,
      refinementId: 'ref_llm_1',
      trigger: 'manual',
    });

    expect(server.requests.length - before).toBe(3);
    // Every negative trace passes under ALWAYS_PASS: they are the contradictions, marked.
    expect(seen.every((text) => text.includes(CONTRADICTION_NOTE))).toBe(true);
    expect(result.contradictions).toBe(8);
    const [history] = await deps.db
      .select()
      .from(refinementHistory)
      .where(eq(refinementHistory.id, 'ref_llm_1'));
    expect(history).toMatchObject({ status: 'proposed', toEvalId: result.evalId });
    const [proposed] = await deps.db
      .select()
      .from(evals)
      .where(and(eq(evals.workspaceId, ctx.workspaceId), eq(evals.id, result.evalId as string)));
    expect(proposed).toMatchObject({
      parentEvalId: broken.id,
      generator: 'refinement',
      model: 'gpt-4o-mini',
      code: CONFIRM_BEFORE_CANCEL,
    });
    expect(proposed?.generationPrompt).toContain(CONTRADICTION_NOTE);
  });
});

describe('LLM candidates that never compete', JOB_TEST, () => {
  it('stores invalid code and provider errors on eval_candidates with a classified error', async () => {
    const ws = await createTestWorkspace(deps, 'B');
    const other = createSystemCtx(deps, ws.id);
    const seeded = await seedAgentTraces(other, cancelSafetyDataset());
    await addLocalModel(other);
    const calls = { tools: 0, outcome: 0 };
    server.setResponder((request) => {
      const opening = JSON.stringify(request.body);
      if (opening.includes('Your focus: Tool behaviour')) {
        calls.tools += 1;
        return answer(
          'import subprocess\n\ndef eval_cancel_safety(trace):\n    return True, "ok"\n',
        );
      }
      if (opening.includes('Your focus: Final answer')) {
        calls.outcome += 1;
        return { type: 'refusal', text: 'I cannot help with that.' };
      }
      return answer(CONFIRM_BEFORE_CANCEL);
    });
    const result = await runJob(
      'eval.generate',
      { agentId: seeded.agentId, name: 'eval_cancel_safety' },
      ws.id,
    );

    // The first answer plus two fix rounds for the invalid one; refusals are not retried.
    expect(calls).toEqual({ tools: 3, outcome: 1 });
    const rows = await deps.db
      .select()
      .from(evalCandidates)
      .where(eq(evalCandidates.generationId, result.generationId as string));
    expect(rows.map((r) => `${r.generator}:${r.status}`).sort()).toEqual([
      'llm:failed',
      'llm:invalid',
      'llm:selected',
      'synthesiser:rejected',
    ]);
    const invalid = rows.find((r) => r.status === 'invalid');
    expect(invalid?.code).toContain('import subprocess');
    expect(invalid?.error).toMatchObject({ kind: 'invalid_code', retryable: false, attempts: 3 });
    expect(invalid?.staticIssues.map((i) => i.message).join(' ')).toMatch(/subprocess/);
    expect(invalid?.heldOutMetrics).toBeNull();
    const failed = rows.find((r) => r.status === 'failed');
    expect(failed).toMatchObject({ model: 'gpt-4o-mini', code: '' });
    expect(failed?.error).toMatchObject({ kind: 'refusal', retryable: false, attempts: 1 });
    // Stored, never scored: no executions or cross-validation rows for either.
    const ids = [invalid?.id ?? '', failed?.id ?? ''];
    expect(
      await deps.db
        .select()
        .from(evalCandidateExecutions)
        .where(inArray(evalCandidateExecutions.candidateId, ids)),
    ).toEqual([]);
    expect(
      await deps.db.select().from(evalCvResults).where(inArray(evalCvResults.candidateId, ids)),
    ).toEqual([]);
    expect(result.failed).toEqual([
      expect.objectContaining({ id: 'llm-tools', status: 'invalid', rowId: invalid?.id }),
      expect.objectContaining({ id: 'llm-outcome', status: 'failed', rowId: failed?.id }),
    ]);
  });
});
