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
import { createTestDeps, createTestWorkspace } from '@/db/testing';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { type SeedTrace, seedAgentTraces } from '../testing/seed-agent-traces';
import { createEvalVersion } from '../versions/create-eval-version';
import type { CandidateSource } from './candidate-sources';
import { generateEval } from './generate-eval';
import { refineEval } from './refine-eval';

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
let ctx: Ctx;
let agentId: string;

// Distinct requests, so near-duplicate grouping keeps each trace in its own fold group.
const requests = [
  'cancel order 4471 placed yesterday',
  'where is parcel 9912, tracking stopped',
  'drop the blue jacket from my basket please',
  'invoice 33 shows the wrong VAT number',
  'void subscription renewal before Friday',
  'change delivery address to Elm Street 12',
  'scrap the duplicate booking under Mrs Okafor',
  'refund for cracked mug arrived broken',
  'abort pending shipment of garden hose',
  'my password reset email never came',
  'terminate plan Gold and keep Silver',
  'is the red kettle back in stock',
  'kill order 8002, ordered by mistake',
  'update phone number on account to 0711',
  'withdraw my preorder of the console',
  'why was card ending 4409 charged twice',
  'rescind gift card purchase for Tomas',
  'split payment across two cards',
  'cancel the hotel add-on for March',
  'what are your weekend opening hours',
  'stop recurring coffee bean delivery',
  'apply discount code SPRING to basket',
  'annul order for 30 printed banners',
  'how do I export my purchase history',
];
/** Good traces confirm before cancelling (or never cancel); bad ones cancel without confirming. */
function dataset(): SeedTrace[] {
  return requests.map((text, i) => {
    if (i % 3 === 0) {
      return { label: 'negative', toolNames: ['lookup', 'cancel_order'], text };
    }
    if (i % 3 === 1) {
      return { label: 'positive', toolNames: ['lookup', 'confirm', 'cancel_order'], text };
    }
    return { label: 'positive', toolNames: ['lookup'], text };
  });
}

const ALWAYS_PASS = 'def eval_cancel_safety(trace):\n    return True, "always passes"\n';

beforeAll(async () => {
  const ws = await createTestWorkspace(deps);
  ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 't' };
  ({ agentId } = await seedAgentTraces(ctx, dataset()));
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
      message: expect.stringMatching(/label at least 8 traces/),
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

describe('refinement', () => {
  it('proposes a new version from contradictions when a candidate beats the current one', async () => {
    const v = await createEvalVersion(ctx, {
      agentId,
      name: 'eval_lenient',
      code: ALWAYS_PASS.replaceAll('cancel_safety', 'lenient'),
      generator: 'manual',
    });
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
