import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { createSystemCtx } from '@/core/system-ctx';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { generateEval } from '../generation/generate-eval';
import { runEvalVersion } from '../runs/run-eval-version';
import { cancelSafetyDataset } from '../testing/cancel-safety-dataset';
import { type SeedTrace, seedAgentTraces } from '../testing/seed-agent-traces';

// #14 outside check: right after generation the matrix showed κ 1.00 / 100% agreement, counted
// on the labels the version was built from, and GET /v1/evals/{id} said "only 0 usable labels".
const sandbox = createPyodideSandbox({ poolSize: 1 });
let api: TestApi;
let agentId: string;
let newTraces: string[];
let evalId: string;

beforeAll(async () => {
  api = await createTestApi({ deps: { sandbox } });
  const ctx = createSystemCtx(api.deps, api.workspaceId);
  const later: SeedTrace[] = [
    { label: null, toolNames: ['lookup', 'cancel_order'], text: 'cancel my order 5120 now' },
    { label: null, toolNames: ['lookup', 'confirm', 'cancel_order'], text: 'cancel order 77' },
  ];
  const seeded = await seedAgentTraces(ctx, [...cancelSafetyDataset(), ...later]);
  agentId = seeded.agentId;
  newTraces = seeded.traceIds.slice(-2);
  const result = await generateEval(ctx, { agentId, name: 'eval_cancel_safety' });
  evalId = result.created?.id ?? '';
});
afterAll(async () => {
  api.close();
  await sandbox.close();
});

const versionOf = async () => {
  const matrix = await api.json('GET', `/v1/agents/${agentId}/matrix`);
  expect(matrix.status).toBe(200);
  return matrix.body.versions.find((v: { id: string }) => v.id === evalId);
};

describe('agreement of a generated version with labels it was not built from', () => {
  it('says a new version has not run yet, not that it has 0 usable labels', async () => {
    const shown = await api.json('GET', `/v1/evals/${evalId}`);
    expect(shown.body.trainingTraceCount).toBe(24);
    expect(shown.body.agreement.warnings).toEqual([
      { code: 'NOT_RUN', message: expect.stringMatching(/^not run on any trace yet/) },
    ]);
  });

  it('scores no label it was built from, and shows the held-out estimate as its quality', async () => {
    await runEvalVersion(createSystemCtx(api.deps, api.workspaceId), { evalId });
    const version = await versionOf();
    expect(version.heldOut).toEqual({ accuracy: 1, kappa: 1, labels: 24 });
    expect(version.stats).toMatchObject({
      agree: 24,
      // the card's agreement on labels it was not built from: none yet (#14)
      newAgree: 0,
      newContradictions: 0,
      trainingLabels: 24,
      newLabels: 0,
      accuracy: null,
      kappa: null,
    });
    const shown = await api.json('GET', `/v1/evals/${evalId}`);
    expect(shown.body.agreement).toMatchObject({ n: 0, trainingLabels: 24, executions: 26 });
    expect(shown.body.agreement.warnings).toEqual([
      {
        code: 'ONLY_TRAINING_LABELS',
        message: expect.stringMatching(/only the 24 labelled traces it was built from/),
      },
    ]);
  });

  it('scores labels given after it was built', async () => {
    const [bad, good] = newTraces;
    await api.json('POST', '/v1/feedback', { traceId: bad, rating: 'negative' });
    // the human disagrees with the eval here: a contradiction on a new label
    await api.json('POST', '/v1/feedback', { traceId: good, rating: 'negative' });
    const version = await versionOf();
    expect(version.stats).toMatchObject({
      trainingLabels: 24,
      newLabels: 2,
      accuracy: 0.5,
      agree: 25,
      newAgree: 1,
      contradictions: 1,
      newContradictions: 1,
    });
    const shown = await api.json('GET', `/v1/evals/${evalId}`);
    expect(shown.body.agreement).toMatchObject({ n: 2, trainingLabels: 24 });
    expect(shown.body.agreement.accuracy.value).toBe(0.5);
    expect(shown.body.agreement.warnings[0]).toEqual({
      code: 'TOO_FEW_LABELS',
      message: 'only 2 labels it was not built from (at least 20 recommended); intervals are wide',
    });
  });
});
