import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { accepted, created, ok, routesFor } from '@/api/routes-for';
import { getEvalAgreement } from '../agreement/eval-agreement';
import { exportEval } from '../export/export-eval';
import { MIN_LABELS, MIN_PER_CLASS } from '../generation/labels-to-add';
import { latestVersions } from '../generation/latest-versions';
import { getEvalOrThrow, listAgentEvals } from '../internal';
import { getMatrix, MatrixQuery } from '../matrix/get-matrix';
import { getMatrixCell } from '../matrix/get-matrix-cell';
import { activateAndRun } from '../versions/activate-and-run';
import { CheckEvalCodeInput, checkEvalCode, EvalCodeCheck } from '../versions/check-eval-code';
import { compareEvals } from '../versions/compare-evals';
import { CreateManualEvalInput, createManualEval } from '../versions/create-manual-eval';
import { archiveEval } from '../versions/set-eval-status';
import {
  ActivatedEvalView,
  EvalVersionDetail,
  EvalVersionView,
  toActivatedEvalView,
  toEvalVersionDetail,
  toEvalVersionView,
} from './eval-views';
import {
  RequestGenerationInput,
  RequestRunInput,
  requestEvalGeneration,
  requestEvalRun,
  requestRefinement,
} from './request-eval-jobs';
import {
  EvalAgreementView,
  EvalComparisonView,
  MatrixCellView,
  MatrixView,
  toEvalAgreementView,
  toEvalComparisonView,
  toMatrixCellView,
  toMatrixView,
} from './result-views';

const { get, list, post } = routesFor('Evals');
const Queued = z
  .object({
    jobId: z.string(),
    generationId: z.string().optional(),
    refinementId: z.string().optional(),
  })
  .openapi('QueuedJob');
const MatrixQueryParams = z.object({
  evalIds: z.string().optional().openapi({ description: 'comma-separated eval version ids' }),
  onlyDisagreements: z.enum(['true', 'false']).optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  source: z.string().optional(),
  label: z.string().optional(),
  cursor: z.string().optional(),
  limit: z.string().optional(),
});

/** What generation and refinement refuse, in the routes' descriptions (`labelsToAdd`). */
const TOO_FEW_LABELS = `fewer than ${MIN_LABELS} traces labelled good or bad or fewer than ${MIN_PER_CLASS} of either`;

export const evalsRoutes = createRouter()
  .openapi(
    ...list(
      '/agents/{id}/evals',
      "List an agent's eval versions (all, or the latest of each eval)",
      { query: z.object({ latest: z.enum(['true', 'false']).optional() }) },
      EvalVersionView,
      'Eval versions',
      async (ctx, { id, latest }) => {
        const rows =
          latest === 'true' ? await latestVersions(ctx, id) : await listAgentEvals(ctx, id);
        return rows.map(toEvalVersionView);
      },
    ),
  )
  .openapi(
    ...post(
      '/agents/{id}/evals/generate',
      {
        summary: 'Generate an eval from the labels (background job)',
        description: `Answers 412 PRECONDITION_FAILED, queueing nothing, when the agent has ${TOO_FEW_LABELS} (\`force\` does not lift it); the message says what to label.`,
      },
      { json: RequestGenerationInput },
      accepted(Queued, 'The generation job'),
      (ctx, { id, ...body }) => requestEvalGeneration(ctx, id, body),
    ),
  )
  .openapi(
    ...get(
      '/agents/{id}/matrix',
      {
        summary: 'The contradiction matrix: traces × eval versions',
        description:
          "The filters narrow the rows only; each version's stats count all of the agent's traces.",
      },
      { query: MatrixQueryParams },
      ok(MatrixView, 'A page of the matrix'),
      async (ctx, { id, ...q }) => {
        const query = MatrixQuery.parse({
          agentId: id,
          evalIds: q.evalIds ? q.evalIds.split(',').filter(Boolean) : undefined,
          onlyDisagreements: q.onlyDisagreements === 'true',
          since: q.since,
          until: q.until,
          source: q.source,
          label: q.label,
          cursor: q.cursor,
          limit: q.limit,
        });
        return toMatrixView(await getMatrix(ctx, query));
      },
    ),
  )
  .openapi(
    ...post(
      '/evals',
      'Add a hand-written eval version (checked statically in the sandbox first)',
      { json: CreateManualEvalInput },
      created(EvalVersionDetail, 'The new version'),
      async (ctx, input) => toEvalVersionDetail(await createManualEval(ctx, input)),
    ),
  )
  .openapi(
    ...post(
      '/evals/check',
      'Check eval code in the sandbox without saving it (the check saving runs)',
      { json: CheckEvalCodeInput },
      ok(EvalCodeCheck, 'The function it defines, or its problems'),
      checkEvalCode,
    ),
  )
  .openapi(
    ...get(
      '/evals/compare',
      'Compare two versions: agreement and a code diff',
      { query: z.object({ a: z.string().min(1), b: z.string().min(1) }) },
      ok(EvalComparisonView, 'The comparison'),
      async (ctx, input) => toEvalComparisonView(await compareEvals(ctx, input)),
    ),
  )
  .openapi(
    ...get(
      '/evals/{id}',
      'One eval version with its code and its agreement with the labels',
      {},
      ok(EvalVersionDetail.extend({ agreement: EvalAgreementView }), 'The version'),
      async (ctx, { id }) => {
        const row = await getEvalOrThrow(ctx, id);
        const agreement = await getEvalAgreement(ctx, row.id);
        return { ...toEvalVersionDetail(row), agreement: toEvalAgreementView(agreement) };
      },
    ),
  )
  .openapi(
    ...post(
      '/evals/{id}/activate',
      {
        summary: 'Make this the active version of its eval',
        description:
          'Also queues a run on every trace of the agent the version has not judged yet.',
      },
      {},
      ok(ActivatedEvalView, 'The activated version and its run job'),
      async (ctx, { id }) => toActivatedEvalView(await activateAndRun(ctx, id)),
    ),
  )
  .openapi(
    ...post(
      '/evals/{id}/rollback',
      {
        summary: 'Re-activate the version this one was refined from',
        description:
          'Also queues a run on every trace of the agent that version has not judged yet.',
      },
      {},
      ok(ActivatedEvalView, 'The re-activated version and its run job'),
      async (ctx, { id }) => toActivatedEvalView(await activateAndRun(ctx, id, 'rollback')),
    ),
  )
  .openapi(
    ...post(
      '/evals/{id}/archive',
      'Archive a version',
      {},
      ok(EvalVersionView, 'The archived version'),
      async (ctx, { id }) => toEvalVersionView(await archiveEval(ctx, id)),
    ),
  )
  .openapi(
    ...post(
      '/evals/{id}/run',
      "Run a version over the agent's traces (background job)",
      { json: RequestRunInput },
      accepted(Queued, 'The run job'),
      (ctx, { id, ...body }) => requestEvalRun(ctx, id, body),
    ),
  )
  .openapi(
    ...post(
      '/evals/{id}/refine',
      {
        summary: 'Refine a version from its contradictions (background job)',
        description: `Answers 412 PRECONDITION_FAILED, queueing nothing, when the version's agent has ${TOO_FEW_LABELS} (a refinement learns from the labels as a generation does); the message says what to label.`,
      },
      {},
      accepted(Queued, 'The refinement job'),
      (ctx, { id }) => requestRefinement(ctx, id),
    ),
  )
  .openapi(
    ...get(
      '/evals/{id}/export',
      'Export as a Python module, a pytest file and its labelled cases',
      {},
      ok(
        z.object({ files: z.array(z.object({ path: z.string(), content: z.string() })) }),
        'Files',
      ),
      (ctx, { id }) => exportEval(ctx, id),
    ),
  )
  .openapi(
    ...get(
      '/evals/{id}/traces/{traceId}',
      'One matrix cell: code, verdict, reason, labels',
      {},
      ok(MatrixCellView, 'The cell'),
      async (ctx, input) => {
        const { id, traceId } = input;
        return toMatrixCellView(await getMatrixCell(ctx, { evalId: id, traceId }));
      },
    ),
  );
