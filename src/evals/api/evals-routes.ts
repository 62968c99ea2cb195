import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf, pathParams } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { getEvalAgreement } from '../agreement/eval-agreement';
import { exportEval } from '../export/export-eval';
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

const route = routesFor('Evals');
const Queued = z
  .object({
    jobId: z.string(),
    generationId: z.string().optional(),
    refinementId: z.string().optional(),
  })
  .openapi('QueuedJob');
const CellParams = pathParams('id', 'traceId');
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

export const evalsRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/agents/{id}/evals',
      summary: "List an agent's eval versions (all, or the latest of each eval)",
      request: {
        params: IdParam,
        query: z.object({ latest: z.enum(['true', 'false']).optional() }),
      },
      responses: {
        200: jsonResponse(pageOf(EvalVersionView), 'Eval versions'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const rows =
        c.req.valid('query').latest === 'true'
          ? await latestVersions(c.var.ctx, id)
          : await listAgentEvals(c.var.ctx, id);
      return c.json(onePage(rows.map(toEvalVersionView)), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/agents/{id}/evals/generate',
      summary: 'Generate an eval from the labels (background job)',
      request: { params: IdParam, body: jsonBody(RequestGenerationInput) },
      responses: { 202: jsonResponse(Queued, 'The generation job') },
    }),
    async (c) =>
      c.json(
        await requestEvalGeneration(c.var.ctx, c.req.valid('param').id, c.req.valid('json')),
        202,
      ),
  )
  .openapi(
    route({
      method: 'get',
      path: '/agents/{id}/matrix',
      summary: 'The contradiction matrix: traces × eval versions',
      request: { params: IdParam, query: MatrixQueryParams },
      description:
        "The filters narrow the rows only; each version's stats count all of the agent's traces.",
      responses: { 200: jsonResponse(MatrixView, 'A page of the matrix') },
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
    route({
      method: 'post',
      path: '/evals',
      summary: 'Add a hand-written eval version (checked statically in the sandbox first)',
      request: { body: jsonBody(CreateManualEvalInput) },
      responses: { 201: jsonResponse(EvalVersionDetail, 'The new version') },
    }),
    async (c) =>
      c.json(toEvalVersionDetail(await createManualEval(c.var.ctx, c.req.valid('json'))), 201),
  )
  .openapi(
    route({
      method: 'post',
      path: '/evals/check',
      summary: 'Check eval code in the sandbox without saving it (the check saving runs)',
      request: { body: jsonBody(CheckEvalCodeInput) },
      responses: { 200: jsonResponse(EvalCodeCheck, 'The function it defines, or its problems') },
    }),
    async (c) => c.json(await checkEvalCode(c.var.ctx, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/evals/compare',
      summary: 'Compare two versions: agreement and a code diff',
      request: { query: z.object({ a: z.string().min(1), b: z.string().min(1) }) },
      responses: {
        200: jsonResponse(EvalComparisonView, 'The comparison'),
      },
    }),
    async (c) =>
      c.json(toEvalComparisonView(await compareEvals(c.var.ctx, c.req.valid('query'))), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/evals/{id}',
      summary: 'One eval version with its code and its agreement with the labels',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(
          EvalVersionDetail.extend({ agreement: EvalAgreementView }),
          'The version',
        ),
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
    route({
      method: 'post',
      path: '/evals/{id}/activate',
      summary: 'Make this the active version of its eval',
      description: 'Also queues a run on every trace of the agent the version has not judged yet.',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(ActivatedEvalView, 'The activated version and its run job'),
      },
    }),
    async (c) =>
      c.json(toActivatedEvalView(await activateAndRun(c.var.ctx, c.req.valid('param').id)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/evals/{id}/rollback',
      summary: 'Re-activate the version this one was refined from',
      description: 'Also queues a run on every trace of the agent that version has not judged yet.',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(ActivatedEvalView, 'The re-activated version and its run job'),
      },
    }),
    async (c) =>
      c.json(
        toActivatedEvalView(await activateAndRun(c.var.ctx, c.req.valid('param').id, 'rollback')),
        200,
      ),
  )
  .openapi(
    route({
      method: 'post',
      path: '/evals/{id}/archive',
      summary: 'Archive a version',
      request: { params: IdParam },
      responses: { 200: jsonResponse(EvalVersionView, 'The archived version') },
    }),
    async (c) =>
      c.json(toEvalVersionView(await archiveEval(c.var.ctx, c.req.valid('param').id)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/evals/{id}/run',
      summary: "Run a version over the agent's traces (background job)",
      request: { params: IdParam, body: jsonBody(RequestRunInput) },
      responses: { 202: jsonResponse(Queued, 'The run job') },
    }),
    async (c) =>
      c.json(await requestEvalRun(c.var.ctx, c.req.valid('param').id, c.req.valid('json')), 202),
  )
  .openapi(
    route({
      method: 'post',
      path: '/evals/{id}/refine',
      summary: 'Refine a version from its contradictions (background job)',
      request: { params: IdParam },
      responses: { 202: jsonResponse(Queued, 'The refinement job') },
    }),
    async (c) => c.json(await requestRefinement(c.var.ctx, c.req.valid('param').id), 202),
  )
  .openapi(
    route({
      method: 'get',
      path: '/evals/{id}/export',
      summary: 'Export as a Python module, a pytest file and its labelled cases',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(
          z.object({ files: z.array(z.object({ path: z.string(), content: z.string() })) }),
          'Files',
        ),
      },
    }),
    async (c) => c.json(await exportEval(c.var.ctx, c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/evals/{id}/traces/{traceId}',
      summary: 'One matrix cell: code, verdict, reason, labels',
      request: { params: CellParams },
      responses: { 200: jsonResponse(MatrixCellView, 'The cell') },
    }),
    async (c) => {
      const { id, traceId } = c.req.valid('param');
      return c.json(toMatrixCellView(await getMatrixCell(c.var.ctx, { evalId: id, traceId })), 200);
    },
  );
