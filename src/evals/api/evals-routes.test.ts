import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { createSystemCtx } from '@/core/system-ctx';
import { jobs } from '@/db/schema';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { getEvalAgreement } from '../agreement/eval-agreement';
import { getMatrix } from '../matrix/get-matrix';
import { getMatrixCell } from '../matrix/get-matrix-cell';
import { runEvalVersion } from '../runs/run-eval-version';
import { seedAgentTraces } from '../testing/seed-agent-traces';
import { compareEvals } from '../versions/compare-evals';
import { EvalAgreementView, EvalComparisonView, MatrixCellView, MatrixView } from './result-views';

const GOOD = 'def eval_polite(trace):\n    return "sorry" not in trace["output"], "checked"\n';
const sandbox = createPyodideSandbox({ poolSize: 1 });
let api: TestApi;
let agentId: string;
let traceIds: string[];

// Each test has its own database: a workspace with an agent and two labelled traces.
beforeEach(async () => {
  api = await createTestApi({ deps: { sandbox } });
  ({ agentId, traceIds } = await seedAgentTraces(createSystemCtx(api.deps, api.workspaceId), [
    { label: 'positive', toolNames: [], text: 'hello' },
    { label: 'negative', toolNames: ['refund'], text: 'refund please' },
  ]));
});
afterEach(() => api.close());
afterAll(() => sandbox.close());

/** Saves hand-written code through the API: it answers 201 with a manual candidate like `expected`. */
async function saveManualEval(
  body: { agentId: string; code: string; parentEvalId?: string },
  expected: Record<string, unknown> = {},
) {
  const saved = await api.json('POST', '/v1/evals', body);
  expect(saved.status).toBe(201);
  expect(saved.body).toMatchObject({ status: 'candidate', generator: 'manual', ...expected });
  return saved.body;
}

/** The agent's first eval, `eval_polite` v1, saved by hand: its id. */
async function politeEval(): Promise<string> {
  return (await saveManualEval({ agentId, code: GOOD }, { name: 'eval_polite', version: 1 })).id;
}

/** The types of the jobs queued in the test's workspace. */
const queuedTypes = async () =>
  (
    await api.deps.db
      .select({ type: jobs.type })
      .from(jobs)
      .where(eq(jobs.workspaceId, api.workspaceId))
  ).map((j) => j.type);

/** A 412 for too few labels: its message, and the counts against the minimums in its details. */
function expectShortOfLabels(
  r: { status: number; body: { error?: unknown } },
  message: string,
  counts: { positives: number; negatives: number },
) {
  expect(r.status).toBe(412);
  expect(r.body.error).toMatchObject({
    code: 'PRECONDITION_FAILED',
    message,
    details: { ...counts, minLabels: 8, minPerClass: 2 },
  });
}

describe('eval routes', () => {
  it('rejects eval code with static errors, naming the line', async () => {
    const bad = await api.json('POST', '/v1/evals', {
      agentId,
      code: 'def eval_x(trace):\n    return (True,\n',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.details.issues[0].line).toBeGreaterThan(0);
    const noEval = await api.json('POST', '/v1/evals', {
      agentId,
      code: 'def helper(trace):\n    return True, "x"\n',
    });
    expect(noEval.status).toBe(400);
  });

  it('checks code without saving it, and saves an edit as the next candidate of its eval', async () => {
    const parent = await saveManualEval({
      agentId,
      code: GOOD.replace('eval_polite', 'eval_edited'),
    });
    const count = async () =>
      (await api.json('GET', `/v1/agents/${agentId}/evals`)).body.data.length as number;
    const before = await count();
    const edit = GOOD.replace('eval_polite', 'eval_edited').replace('"sorry"', '"apolog"');
    expect(await api.json('POST', '/v1/evals/check', { code: edit })).toEqual({
      status: 200,
      body: { ok: true, functionName: 'eval_edited', issues: [] },
    });
    const broken = await api.json('POST', '/v1/evals/check', {
      code: 'def eval_edited(trace):\n    return (True,\n',
    });
    expect(broken.status).toBe(200);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.issues[0].line).toBeGreaterThan(0);
    // the contract's bound is 256 KiB of UTF-8 (#13, F4): 208,932 bytes pass, one byte over does not
    const padded = (bytes: number) => `${edit}#${'x'.repeat(bytes - edit.length - 2)}\n`;
    expect((await api.json('POST', '/v1/evals/check', { code: padded(208_932) })).body).toEqual({
      ok: true,
      functionName: 'eval_edited',
      issues: [],
    });
    const over = await api.json('POST', '/v1/evals/check', { code: padded(256 * 1024 + 1) });
    expect(over.body).toEqual({
      ok: false,
      functionName: null,
      issues: [
        {
          code: 'CODE_TOO_LARGE',
          message: 'eval code is larger than 262144 bytes',
          line: 1,
          column: 1,
        },
      ],
    });
    // checking wrote nothing
    expect(await count()).toBe(before);
    await saveManualEval(
      { agentId, code: edit, parentEvalId: parent.id },
      { name: 'eval_edited', version: 2, parentEvalId: parent.id },
    );
    expect(await count()).toBe(before + 1);
  });

  it('adds a hand-written version named after its function, and shows it with its agreement', async () => {
    const created = await saveManualEval(
      { agentId, code: GOOD },
      { name: 'eval_polite', version: 1, code: GOOD },
    );
    const evalId = created.id as string;
    const shown = await api.json('GET', `/v1/evals/${evalId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.agreement).toMatchObject({ executions: 0, n: 0 });
    const listed = await api.json('GET', `/v1/agents/${agentId}/evals`);
    expect(listed.body.data.map((e: { id: string }) => e.id)).toEqual([evalId]);
  });

  it('activates, queues runs, generations and refinements as jobs', async () => {
    const evalId = await politeEval();
    const activated = await api.json('POST', `/v1/evals/${evalId}/activate`);
    // Activation also queues a run on the traces the version has not judged yet.
    expect(activated.body).toMatchObject({ status: 'active', runJobId: expect.any(String) });
    expect(activated.body.notRun).toBeGreaterThan(0);
    const run = await api.json('POST', `/v1/evals/${evalId}/run`, {});
    const labelled = await seedAgentTraces(
      createSystemCtx(api.deps, api.workspaceId),
      ['positive', 'negative'].flatMap((label) =>
        [1, 2, 3, 4].map((i) => ({
          label: label as 'positive',
          toolNames: [],
          text: `${label} ${i}`,
        })),
      ),
      'billing',
    );
    const generate = await api.json('POST', `/v1/agents/${labelled.agentId}/evals/generate`, {
      name: 'eval_quality',
    });
    // a refinement learns from the labels as a generation does: an eval of the labelled agent
    const billing = await saveManualEval({ agentId: labelled.agentId, code: GOOD });
    const refine = await api.json('POST', `/v1/evals/${billing.id}/refine`);
    expect([run.status, generate.status, refine.status]).toEqual([202, 202, 202]);
    const queued = await api.deps.db
      .select({ type: jobs.type })
      .from(jobs)
      .where(eq(jobs.workspaceId, api.workspaceId));
    expect(queued.map((j) => j.type).sort()).toEqual([
      'eval.execute',
      'eval.execute',
      'eval.generate',
      'eval.refine',
    ]);
  });

  it('answers 412 with the label counts before queueing a generation with too few good or bad labels, force or not', async () => {
    const few = await seedAgentTraces(
      createSystemCtx(api.deps, api.workspaceId),
      [
        { label: 'positive', toolNames: [], text: 'fine' },
        { label: 'neutral', toolNames: [], text: 'meh' },
        ...Array.from({ length: 39 }, (_, i) => ({
          label: 'negative' as const,
          toolNames: [],
          text: `bad ${i}`,
        })),
      ],
      'lopsided',
    );
    for (const body of [{}, { force: true }]) {
      expectShortOfLabels(
        await api.json('POST', `/v1/agents/${few.agentId}/evals/generate`, body),
        'not enough labels to generate an eval: this agent has 1 good and 39 bad (neutral labels do not count); generation needs at least 8, 2 good and 2 bad: label 1 more good',
        { positives: 1, negatives: 39 },
      );
    }
    expect(await queuedTypes()).toEqual([]);
  });

  it('answers 412 before queueing a refinement of an eval whose agent has too few good or bad labels', async () => {
    // the agent of beforeEach has 1 good and 1 bad label
    const evalId = await politeEval();
    expectShortOfLabels(
      await api.json('POST', `/v1/evals/${evalId}/refine`),
      'not enough labels to refine an eval: this agent has 1 good and 1 bad (neutral labels do not count); refinement needs at least 8, 2 good and 2 bad: label 1 more good and 1 more bad and 4 more of either',
      { positives: 1, negatives: 1 },
    );
    expect(await queuedTypes()).toEqual([]);
  });

  it('serves the matrix, a comparison and an export', async () => {
    const evalId = await politeEval();
    const matrix = await api.json(
      'GET',
      `/v1/agents/${agentId}/matrix?onlyDisagreements=false&limit=10`,
    );
    expect(matrix.status).toBe(200);
    expect(matrix.body.rows).toHaveLength(2);
    const second = await api.json('POST', '/v1/evals', {
      agentId,
      code: GOOD.replace('"checked"', '"polite?"'),
      parentEvalId: evalId,
    });
    const compare = await api.json('GET', `/v1/evals/compare?a=${evalId}&b=${second.body.id}`);
    expect(compare.status).toBe(200);
    expect(compare.body.diff).toMatch(/-.*"checked"[\s\S]*\+.*"polite\?"/);
    const exported = await api.json('GET', `/v1/evals/${evalId}/export`);
    expect(exported.body.files.map((f: { path: string }) => f.path)).toEqual([
      'eval_polite.py',
      'test_eval_polite.py',
      'eval_polite_cases.json',
    ]);
  });

  it('answers the matrix, a cell, the agreement and a comparison in their declared shapes, as the services return them', async () => {
    const ctx = createSystemCtx(api.deps, api.workspaceId);
    const evalId = await politeEval();
    const second = (
      await saveManualEval({
        agentId,
        code: GOOD.replace('"checked"', '"polite?"'),
        parentEvalId: evalId,
      })
    ).id as string;
    await runEvalVersion(ctx, { evalId });
    const [firstTrace] = (await getMatrix(ctx, { agentId })).rows;
    const traceId = firstTrace?.trace.id ?? '';
    const json = (value: unknown) => JSON.parse(JSON.stringify(value));
    const checks = [
      [`/v1/agents/${agentId}/matrix`, MatrixView, await getMatrix(ctx, { agentId })],
      [
        `/v1/evals/${evalId}/traces/${traceId}`,
        MatrixCellView,
        await getMatrixCell(ctx, { evalId, traceId }),
      ],
      [
        `/v1/evals/compare?a=${evalId}&b=${second}`,
        EvalComparisonView,
        await compareEvals(ctx, { a: evalId, b: second }),
      ],
    ] as const;
    for (const [url, schema, service] of checks) {
      const response = await api.json('GET', url);
      expect(response.status, url).toBe(200);
      // Parsing strips unknown keys: equality means no field is missing, extra or renamed.
      expect(schema.parse(response.body), url).toEqual(response.body);
      expect(response.body, url).toEqual(json(service));
    }
    const shown = await api.json('GET', `/v1/evals/${evalId}`);
    expect(shown.body.agreement.executions).toBe(2);
    expect(EvalAgreementView.parse(shown.body.agreement)).toEqual(shown.body.agreement);
    expect(shown.body.agreement).toEqual(json(await getEvalAgreement(ctx, evalId)));
  });

  it("answers 404 for another workspace's evals and agents on every route", async () => {
    const evalId = await politeEval();
    const other = await api.addWorkspace();
    const attempts = [
      other.json('GET', `/v1/evals/${evalId}`),
      other.json('POST', `/v1/evals/${evalId}/activate`),
      other.json('POST', `/v1/evals/${evalId}/rollback`),
      other.json('POST', `/v1/evals/${evalId}/archive`),
      other.json('POST', `/v1/evals/${evalId}/run`, {}),
      other.json('POST', `/v1/evals/${evalId}/refine`),
      other.json('GET', `/v1/evals/${evalId}/export`),
      other.json('GET', `/v1/agents/${agentId}/evals`),
      other.json('GET', `/v1/agents/${agentId}/matrix`),
      other.json('POST', `/v1/agents/${agentId}/evals/generate`, {}),
      other.json('POST', '/v1/evals', { agentId, code: GOOD }),
    ];
    expect((await Promise.all(attempts)).map((r) => r.status)).toEqual(
      Array(attempts.length).fill(404),
    );
  });

  it("runs over named traces only when each is a trace of the version's agent", async () => {
    const evalId = await politeEval();
    const other = await api.addWorkspace();
    const theirs = await seedAgentTraces(createSystemCtx(api.deps, other.workspaceId), [
      { label: 'positive', toolNames: [], text: 'hi' },
    ]);
    const sibling = await seedAgentTraces(
      createSystemCtx(api.deps, api.workspaceId),
      [{ label: 'positive', toolNames: [], text: 'hi' }],
      'billing',
    );
    const runJobs = async () =>
      (await api.deps.db.select({ type: jobs.type }).from(jobs)).filter(
        (j) => j.type === 'eval.execute',
      ).length;
    const run = (ids: string[]) => api.json('POST', `/v1/evals/${evalId}/run`, { traceIds: ids });

    const foreign = await run([traceIds[0]!, theirs.traceIds[0]!]);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe(`trace ${theirs.traceIds[0]} not found`);
    const several = await run([sibling.traceIds[0]!, 'trc_nope', ...traceIds]);
    expect(several.status).toBe(404);
    expect(several.body.error.message).toBe(
      `2 of the 4 traces are not traces of this eval's agent: ${sibling.traceIds[0]}, trc_nope`,
    );
    expect(await runJobs()).toBe(0);

    expect((await run([...traceIds, traceIds[0]!])).status).toBe(202);
    expect(await runJobs()).toBe(1);
  });

  it('lets a viewer read but not write', async () => {
    const evalId = await politeEval();
    const viewer = await api.addKey(api.workspaceId, 'viewer');
    expect((await viewer.json('GET', `/v1/evals/${evalId}`)).status).toBe(200);
    expect((await viewer.json('POST', `/v1/evals/${evalId}/archive`)).status).toBe(403);
    expect((await viewer.json('POST', `/v1/agents/${agentId}/evals/generate`, {})).status).toBe(
      403,
    );
  });

  it('rejects unknown fields and bad cursors with 400', async () => {
    const evalId = await politeEval();
    expect((await api.json('POST', `/v1/evals/${evalId}/run`, { everything: true })).status).toBe(
      400,
    );
    expect((await api.json('GET', `/v1/agents/${agentId}/matrix?cursor=zzz`)).status).toBe(400);
  });
});
