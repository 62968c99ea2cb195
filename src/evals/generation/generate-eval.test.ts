import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import {
  evalCandidateExecutions,
  evalCandidates,
  evalCvResults,
  evals,
  refinementHistory,
} from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { addManualEval } from '../testing/add-active-eval';
import { ALWAYS_PASS, cancelSafetyDataset } from '../testing/cancel-safety-dataset';
import { seedAgentTraces } from '../testing/seed-agent-traces';
import type { CandidateSource } from './candidate-sources';
import { nameFromRules } from './default-eval-name';
import { generateEval } from './generate-eval';
import { refineEval } from './refine-eval';

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
let ctx: Ctx;
let agentId: string;

beforeAll(async () => {
  const ws = await createTestWorkspace(deps);
  // Start the Pyodide pool here: its cold start on a busy machine is not what the tests measure.
  await sandbox.check('def eval_warm(trace):\n    return True, "warm"\n');
  ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 't' };
  ({ agentId } = await seedAgentTraces(ctx, cancelSafetyDataset()));
});
afterAll(async () => {
  await sandbox.close();
  deps.close();
});

describe('generating an eval from labels', () => {
  it('refuses with a clear precondition when there are too few labels', async () => {
    const { agentId: small } = await seedAgentTraces(
      ctx,
      [
        { label: 'positive', toolNames: [], text: 'a' },
        { label: 'negative', toolNames: [], text: 'b' },
      ],
      'tiny',
    );
    await expect(generateEval(ctx, { agentId: small })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(
        /^not enough labels to generate an eval: this agent has 1 good and 1 bad .*label 1 more good and 1 more bad and 4 more of either$/,
      ),
    });
  });

  it('picks the winner on held-out folds and stores it as a version with its metrics', async () => {
    const weak: CandidateSource = async () => [
      {
        id: 'llm-weak',
        generator: 'llm',
        code: ALWAYS_PASS.replaceAll('cancel_safety', 'quality'),
        focus: 'lenient',
        promptTraceIds: [],
      },
    ];
    const result = await generateEval(
      ctx,
      { agentId, name: 'eval_cancel_safety' },
      { sources: [weak] },
    );
    expect(result.winner).toBe('synth');
    expect(result.created).toMatchObject({
      name: 'eval_cancel_safety',
      version: 1,
      generator: 'synthesiser',
      status: 'candidate',
    });
    expect(result.created?.heldOutMetrics?.kappa).toBe(1);
    expect(result.created?.heldOutMetrics?.intervals?.accuracy?.[0]).toBeGreaterThan(0.8);
    expect(result.created?.code).toMatch(/def eval_cancel_safety\(trace/);
    expect(result.outcome).toBe('created');
    expect(result.abstention).toBeNull();
    expect(result.heldOut).toMatchObject({ accuracy: 1, majority: 'pass' });
    expect(result.heldOut?.interval[0]).toBeGreaterThan(result.heldOut?.baselineAccuracy ?? 1);
    // The rules in plain words are stored on the version, one line per rule.
    expect(result.created?.rules).toEqual(result.rules);
    expect(result.rules.at(-1)).toMatch(/^Otherwise (pass|fail)\.$/);
    expect(result.rules.join(' ')).toMatch(/cancel_order|confirm/);

    const candidates = await deps.db
      .select()
      .from(evalCandidates)
      .where(eq(evalCandidates.generationId, result.generationId));
    expect(candidates.map((c) => [c.generator, c.status]).sort()).toEqual([
      ['llm', 'rejected'],
      ['synthesiser', 'selected'],
    ]);
    const weakRow = candidates.find((c) => c.generator === 'llm');
    expect(weakRow?.heldOutMetrics?.kappa).toBe(0);
    const cv = await deps.db
      .select()
      .from(evalCvResults)
      .where(eq(evalCvResults.candidateId, weakRow!.id));
    expect(cv.map((r) => r.fold).sort((a, b) => a - b)).toEqual([-1, 0, 1, 2, 3, 4]);
    const executions = await deps.db
      .select()
      .from(evalCandidateExecutions)
      .where(eq(evalCandidateExecutions.candidateId, weakRow!.id));
    expect(executions).toHaveLength(24);
  });
});

describe('the name of a generated eval', () => {
  it('is derived from its rules when not given, unique for the agent; a given name wins', async () => {
    const { agentId: named } = await seedAgentTraces(ctx, cancelSafetyDataset(), 'naming');
    const first = (await generateEval(ctx, { agentId: named })).created;
    expect(first?.name).toBe(nameFromRules(first?.rules ?? [], 'naming'));
    expect(first?.name).not.toBe('eval_quality');
    expect(first?.code).toContain(`def ${first?.name}(trace`);
    expect(first?.code).not.toMatch(/\beval_quality\b/);
    const second = (await generateEval(ctx, { agentId: named })).created;
    expect(second).toMatchObject({ name: `${first?.name}_2`, version: 1 });
    const given = (await generateEval(ctx, { agentId: named, name: 'eval_mine' })).created;
    expect(given?.name).toBe('eval_mine');
    expect(given?.code).toContain('def eval_mine(trace');
  });
});

describe('abstaining instead of guessing', () => {
  // Labels that nothing in the traces explains: 16 good, 8 bad, every trace alike but a number.
  const noSignal = () =>
    Array.from({ length: 24 }, (_, i) => ({
      label: (i % 3 === 0 ? 'negative' : 'positive') as 'negative' | 'positive',
      toolNames: ['lookup'],
      text: `request number ${1000 + i * 7}`,
    }));

  it('creates no version and answers in plain words when nothing beats the majority', async () => {
    const { agentId: noise } = await seedAgentTraces(ctx, noSignal(), 'noise');
    const result = await generateEval(ctx, { agentId: noise, name: 'eval_noise' });
    expect(result.created).toBeNull();
    expect(result.outcome).toBe('abstained');
    expect(result.winner).toBeNull();
    const answer = result.abstention;
    expect(answer?.message).toMatch(
      /^No eval found that agrees with your labels better than always saying pass: that alone agrees with 16 of 24 labels \(67%\)\./,
    );
    expect(answer?.majority).toBe('pass');
    // the synthesiser's candidate learned no rule: its constant verdict reaches the answer as data
    expect(answer?.best).toBeNull();
    expect(answer?.message).toMatch(/would always say pass\.$/);
    expect(answer?.labelNext).toMatch(/^Label more traces/);
    // No model is configured: notes would change nothing, so the advice does not ask for them.
    expect(answer?.labelNext).not.toMatch(/note/);
    for (const wrong of answer?.wrong ?? []) {
      expect(wrong.verdict).not.toBe(wrong.label === 'positive' ? 'pass' : 'fail');
      // the id the trace came with, for people to find it (the seeded traces use iofold's)
      expect(wrong.externalId).toBe(wrong.traceId);
    }
    const rows = await deps.db
      .select({ status: evalCandidates.status })
      .from(evalCandidates)
      .where(eq(evalCandidates.generationId, result.generationId));
    expect(rows.map((r) => r.status)).toEqual(['rejected']);
    const versions = await deps.db.select().from(evals).where(eq(evals.agentId, noise));
    expect(versions).toHaveLength(0);
  });

  it('suggests unlabelled traces of that agent in this workspace to label next, and no other', async () => {
    const unlabelled = (n: number, text: string) =>
      Array.from({ length: n }, (_, i) => ({
        label: null,
        toolNames: i % 2 === 0 ? ['lookup'] : ['lookup', 'refund'],
        text: `${text} ${2000 + i * 11}`,
      }));
    const mine = await seedAgentTraces(
      ctx,
      [...noSignal(), ...unlabelled(14, 'request number')],
      'noise-next',
    );
    // another agent of this workspace, and the same agent's name in another workspace
    const other = await seedAgentTraces(ctx, unlabelled(6, 'other request'), 'noise-other');
    const ws = await createTestWorkspace(deps);
    const elsewhere = await seedAgentTraces(
      { ...ctx, workspaceId: ws.id },
      [...noSignal(), ...unlabelled(6, 'request number')],
      'noise-next',
    );
    const result = await generateEval(ctx, { agentId: mine.agentId, name: 'eval_noise_next' });
    expect(result.outcome).toBe('abstained');
    const suggested = result.abstention?.suggested ?? [];
    const mineUnlabelled = new Set(mine.traceIds.slice(24));
    expect(suggested.length).toBe(10);
    expect(new Set(suggested.map((s) => s.traceId)).size).toBe(10);
    for (const s of suggested) {
      expect(mineUnlabelled.has(s.traceId)).toBe(true);
      expect(other.traceIds).not.toContain(s.traceId);
      expect(elsewhere.traceIds).not.toContain(s.traceId);
      expect(s.externalId).toBe(s.traceId);
      expect(s.why.length).toBeGreaterThan(0);
    }
  });

  it('creates the version anyway when forced, and says it was forced', async () => {
    const { agentId: noise } = await seedAgentTraces(ctx, noSignal(), 'noise-forced');
    const result = await generateEval(ctx, { agentId: noise, name: 'eval_noise', force: true });
    expect(result.outcome).toBe('created');
    expect(result.forced).toBe(true);
    expect(result.abstention).toBeNull();
    expect(result.created?.name).toBe('eval_noise');
  });
});

describe('determinism across databases', () => {
  it('gives the same eval from the same labels in another workspace, whatever the row order', async () => {
    const other = createTestDeps({ sandbox });
    try {
      const ws = await createTestWorkspace(other);
      const otherCtx: Ctx = {
        ...other,
        workspaceId: ws.id,
        actor: { type: 'system' },
        requestId: 'u',
      };
      const { agentId: reversed } = await seedAgentTraces(
        otherCtx,
        cancelSafetyDataset().reverse(),
      );
      const a = await generateEval(ctx, { agentId, name: 'eval_same', seed: 3, k: 3 });
      const b = await generateEval(otherCtx, {
        agentId: reversed,
        name: 'eval_same',
        seed: 3,
        k: 3,
      });
      expect(b.created?.code).toBe(a.created?.code);
      expect(b.rules).toEqual(a.rules);
      expect(b.heldOut).toEqual(a.heldOut);
      expect(b.candidates.map((c) => c.heldOutKappa)).toEqual(
        a.candidates.map((c) => c.heldOutKappa),
      );
    } finally {
      other.close();
    }
  });
});

describe('refinement', () => {
  it('proposes a new version from contradictions when a candidate beats the current one', async () => {
    const v = await addManualEval(
      ctx,
      agentId,
      'eval_lenient',
      ALWAYS_PASS.replaceAll('cancel_safety', 'lenient'),
    );
    const result = await refineEval(ctx, { evalId: v.id });
    expect(result.contradictions).toBe(8);
    expect(result.created).toMatchObject({
      name: 'eval_lenient',
      version: 2,
      parentEvalId: v.id,
      generator: 'refinement',
      status: 'candidate',
    });
    const [history] = await deps.db
      .select()
      .from(refinementHistory)
      .where(eq(refinementHistory.id, result.refinementId));
    expect(history).toMatchObject({
      status: 'proposed',
      fromEvalId: v.id,
      toEvalId: result.created?.id,
      contradictions: 8,
    });
    expect(history?.outcome.before?.heldOutKappa).toBe(0);
    expect(history?.outcome.after?.heldOutKappa).toBe(1);
  });

  it('keeps the current version when nothing beats it, and says so', async () => {
    const [best] = await deps.db.select().from(evals).where(eq(evals.name, 'eval_cancel_safety'));
    const result = await refineEval(ctx, { evalId: best!.id });
    expect(result.contradictions).toBe(0);
    expect(result.created).toBeNull();
    const [history] = await deps.db
      .select()
      .from(refinementHistory)
      .where(eq(refinementHistory.id, result.refinementId));
    expect(history?.status).toBe('rejected');
    expect(history?.outcome.reason).toMatch(/no candidate beat v1/);
  });
});
