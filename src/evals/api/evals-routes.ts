import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import {
  authenticated,
  errorResponses,
  IdParam,
  jsonBody,
  jsonResponse,
} from '@/api/openapi-schemas';
import { getEvalAgreement } from '../agreement/eval-agreement';
import { exportEval } from '../export/export-eval';
import { latestVersions } from '../generation/latest-versions';
import { getEvalOrThrow, listAgentEvals } from '../internal';
import { getMatrix, MatrixQuery } from '../matrix/get-matrix';
import { getMatrixCell } from '../matrix/get-matrix-cell';
import { activateAndRun } from '../versions/activate-and-run';
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

const tags = ['Evals'];
const Queued = z
  .object({
    jobId: z.string(),
    generationId: z.string().optional(),
    refinementId: z.string().optional(),
  })
  .openapi('QueuedJob');
const CellParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
  traceId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'traceId', in: 'path' } }),
});
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
const post = <P extends string>(path: P, summary: string) => ({
  method: 'post' as const,
  path,
  tags,
  summary,
  security: authenticated,
});
const get = <P extends string>(path: P, summary: string) => ({
  method: 'get' as const,
  path,
  tags,
  summary,
  security: authenticated,
});

export const evalsRoutes = createRouter()
  .openapi(
    createRoute({
      ...get(
        '/agents/{id}/evals',
        "List an agent's eval versions (all, or the latest of each eval)",
      ),
      request: {
        params: IdParam,
        query: z.object({ latest: z.enum(['true', 'false']).optional() }),
      },
      responses: {
        200: jsonResponse(z.object({ data: z.array(EvalVersionView) }), 'Eval versions'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const rows =
        c.req.valid('query').latest === 'true'
          ? await latestVersions(c.var.ctx, id)
          : await listAgentEvals(c.var.ctx, id);
      return c.json({ data: rows.map(toEvalVersionView) }, 200);
    },
  )
  .openapi(
    createRoute({
      ...post('/agents/{id}/evals/generate', 'Generate an eval from the labels (background job)'),
      request: { params: IdParam, body: jsonBody(RequestGenerationInput) },
      responses: { 202: jsonResponse(Queued, 'The generation job'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await requestEvalGeneration(c.var.ctx, c.req.valid('param').id, c.req.valid('json')),
        202,
      ),
  )
  .openapi(
    createRoute({
      ...get('/agents/{id}/matrix', 'The contradiction matrix: traces × eval versions'),
      request: { params: IdParam, query: MatrixQueryParams },
      description:
        "The filters narrow the rows only; each version's stats count all of the agent's traces.",
      responses: { 200: jsonResponse(MatrixView, 'A page of the matrix'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const query = MatrixQuery.parse({
        agentId: c.req.valid('param').id,
        evalIds: q.evalIds ? q.evalIds.split(',').filter(Boolean) : undefined,
        onlyDisagreements: q.onlyDisagreements === 'true',
        since: q.since,
        until: q.until,
        source: q.source,
        label: q.label,
        cursor: q.cursor,
        limit: q.limit,
      });
      return c.json(toMatrixView(await getMatrix(c.var.ctx, query)), 200);
    },
  )
  .openapi(
    createRoute({
      ...post(
        '/evals',
        'Add a hand-written eval version (checked statically in the sandbox first)',
      ),
      request: { body: jsonBody(CreateManualEvalInput) },
      responses: { 201: jsonResponse(EvalVersionDetail, 'The new version'), ...errorResponses },
    }),
    async (c) =>
      c.json(toEvalVersionDetail(await createManualEval(c.var.ctx, c.req.valid('json'))), 201),
  )
  .openapi(
    createRoute({
      ...get('/evals/compare', 'Compare two versions: agreement and a code diff'),
      request: { query: z.object({ a: z.string().min(1), b: z.string().min(1) }) },
      responses: {
        200: jsonResponse(EvalComparisonView, 'The comparison'),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(toEvalComparisonView(await compareEvals(c.var.ctx, c.req.valid('query'))), 200),
  )
  .openapi(
    createRoute({
      ...get('/evals/{id}', 'One eval version with its code and its agreement with the labels'),
      request: { params: IdParam },
      responses: {
        200: jsonResponse(
          EvalVersionDetail.extend({ agreement: EvalAgreementView }),
          'The version',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const row = await getEvalOrThrow(c.var.ctx, c.req.valid('param').id);
      const agreement = await getEvalAgreement(c.var.ctx, row.id);
      return c.json(
        { ...toEvalVersionDetail(row), agreement: toEvalAgreementView(agreement) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      ...post('/evals/{id}/activate', 'Make this the active version of its eval'),
      description: 'Also queues a run on every trace of the agent the version has not judged yet.',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(ActivatedEvalView, 'The activated version and its run job'),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(toActivatedEvalView(await activateAndRun(c.var.ctx, c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      ...post('/evals/{id}/rollback', 'Re-activate the version this one was refined from'),
      description: 'Also queues a run on every trace of the agent that version has not judged yet.',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(ActivatedEvalView, 'The re-activated version and its run job'),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        toActivatedEvalView(await activateAndRun(c.var.ctx, c.req.valid('param').id, 'rollback')),
        200,
      ),
  )
  .openapi(
    createRoute({
      ...post('/evals/{id}/archive', 'Archive a version'),
      request: { params: IdParam },
      responses: { 200: jsonResponse(EvalVersionView, 'The archived version'), ...errorResponses },
    }),
    async (c) =>
      c.json(toEvalVersionView(await archiveEval(c.var.ctx, c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      ...post('/evals/{id}/run', "Run a version over the agent's traces (background job)"),
      request: { params: IdParam, body: jsonBody(RequestRunInput) },
      responses: { 202: jsonResponse(Queued, 'The run job'), ...errorResponses },
    }),
    async (c) =>
      c.json(await requestEvalRun(c.var.ctx, c.req.valid('param').id, c.req.valid('json')), 202),
  )
  .openapi(
    createRoute({
      ...post('/evals/{id}/refine', 'Refine a version from its contradictions (background job)'),
      request: { params: IdParam },
      responses: { 202: jsonResponse(Queued, 'The refinement job'), ...errorResponses },
    }),
    async (c) => c.json(await requestRefinement(c.var.ctx, c.req.valid('param').id), 202),
  )
  .openapi(
    createRoute({
      ...get(
        '/evals/{id}/export',
        'Export as a Python module, a pytest file and its labelled cases',
      ),
      request: { params: IdParam },
      responses: {
        200: jsonResponse(
          z.object({ files: z.array(z.object({ path: z.string(), content: z.string() })) }),
          'Files',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await exportEval(c.var.ctx, c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      ...get('/evals/{id}/traces/{traceId}', 'One matrix cell: code, verdict, reason, labels'),
      request: { params: CellParams },
      responses: { 200: jsonResponse(MatrixCellView, 'The cell'), ...errorResponses },
    }),
    async (c) => {
      const { id, traceId } = c.req.valid('param');
      return c.json(toMatrixCellView(await getMatrixCell(c.var.ctx, { evalId: id, traceId })), 200);
    },
  );
