import { z } from '@hono/zod-openapi';
import { IsoDate, iso } from '@/api/openapi-schemas';
import {
  EVAL_GENERATORS,
  EVAL_STATUSES,
  EXECUTION_STATUSES,
  RATINGS,
  TRACE_SOURCES,
} from '@/db/schema';
import type { EvalAgreement } from '../agreement/eval-agreement';
import { CELL_STATES, type getMatrix } from '../matrix/get-matrix';
import type { getMatrixCell } from '../matrix/get-matrix-cell';
import type { compareEvals } from '../versions/compare-evals';
import { AgreementMetrics, agreementScores, confusionCounts } from './eval-views';

const Ratio = z.number().nullable();
const Estimate = z
  .object({ value: z.number(), low: z.number(), high: z.number() })
  .openapi('Estimate')
  .nullable();
const Counts = confusionCounts(z.number().int());

/** Agreement of verdicts with labels (what `computeAgreement` returns), with 95% intervals. */
export const AgreementView = z.object({
  counts: Counts,
  n: z.number().int(),
  positives: z.number().int(),
  negatives: z.number().int(),
  ...agreementScores(Estimate),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});

export const EvalAgreementView = AgreementView.extend({
  executions: z.number().int(),
  passes: z.number().int(),
  unlabelled: z.number().int(),
  trainingLabels: z.number().int().openapi({
    description:
      'Labelled traces it judged that it was built from: left out of the scores, which count only labels it was not built from',
  }),
}).openapi('EvalAgreement');
export type EvalAgreementView = z.infer<typeof EvalAgreementView>;

export function toEvalAgreementView(a: EvalAgreement): EvalAgreementView {
  return {
    counts: { ...a.counts },
    n: a.n,
    positives: a.positives,
    negatives: a.negatives,
    accuracy: a.accuracy,
    precision: a.precision,
    recall: a.recall,
    f1: a.f1,
    kappa: a.kappa,
    warnings: a.warnings.map((w) => ({ code: w.code, message: w.message })),
    executions: a.executions,
    passes: a.passes,
    unlabelled: a.unlabelled,
    trainingLabels: a.trainingLabels,
  };
}

const CellState = z.enum(CELL_STATES);
const ExecutionStatus = z.enum(EXECUTION_STATUSES);

export const MatrixView = z
  .object({
    versions: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        version: z.number().int(),
        status: z.enum(EVAL_STATUSES),
        heldOut: z
          .object({ accuracy: Ratio, kappa: Ratio, labels: z.number().int() })
          .nullable()
          .openapi({
            description:
              "The version's quality: estimated at generation on held-out folds (labels each judging candidate was chosen without); null for hand-written versions",
          }),
        stats: z.object({
          traces: z.number().int(),
          executions: z.number().int(),
          passRate: Ratio,
          agree: z.number().int().openapi({
            description:
              'Labelled traces where its verdict agrees with the label, its training labels included',
          }),
          contradictions: z.number().int(),
          errors: z.number().int(),
          neutral: z.number().int(),
          unlabelled: z.number().int(),
          notRun: z.number().int(),
          newLabels: z.number().int(),
          trainingLabels: z.number().int(),
          newAgree: z.number().int().openapi({
            description:
              'Of `agree`, those on labels it was not built from (`agree - newAgree` are on its training labels)',
          }),
          newContradictions: z.number().int().openapi({
            description: 'Of `contradictions`, those on labels it was not built from',
          }),
          ...agreementScores(Ratio),
        }),
      }),
    ),
    rows: z.array(
      z.object({
        trace: z.object({
          id: z.string(),
          startedAt: IsoDate,
          label: z.enum(RATINGS).nullable(),
          source: z.enum(TRACE_SOURCES),
          inputPreview: z.string(),
        }),
        cells: z.array(
          z.object({
            evalId: z.string(),
            state: CellState,
            status: ExecutionStatus.nullable(),
            reason: z.string(),
          }),
        ),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi('Matrix');
export type MatrixView = z.infer<typeof MatrixView>;

export function toMatrixView(page: Awaited<ReturnType<typeof getMatrix>>): MatrixView {
  return {
    versions: page.versions.map((v) => ({
      id: v.id,
      name: v.name,
      version: v.version,
      status: v.status,
      heldOut: v.heldOut ? { ...v.heldOut } : null,
      stats: { ...v.stats },
    })),
    rows: page.rows.map((r) => ({
      trace: {
        id: r.trace.id,
        startedAt: iso(r.trace.startedAt),
        label: r.trace.label,
        source: r.trace.source,
        inputPreview: r.trace.inputPreview,
      },
      cells: r.cells.map((c) => ({
        evalId: c.evalId,
        state: c.state,
        status: c.status,
        reason: c.reason,
      })),
    })),
    nextCursor: page.nextCursor,
  };
}

export const MatrixCellView = z
  .object({
    eval: z.object({
      id: z.string(),
      name: z.string(),
      version: z.number().int(),
      code: z.string(),
    }),
    trace: z.object({
      id: z.string(),
      agentId: z.string().nullable(),
      label: z.enum(RATINGS).nullable(),
      startedAt: IsoDate,
      inputPreview: z.string(),
      outputPreview: z.string(),
    }),
    labels: z.array(
      z.object({
        rating: z.enum(RATINGS),
        notes: z.string(),
        labellerKey: z.string(),
        updatedAt: IsoDate,
      }),
    ),
    execution: z
      .object({
        id: z.string(),
        workspaceId: z.string(),
        evalId: z.string(),
        traceId: z.string(),
        status: ExecutionStatus,
        reason: z.string(),
        error: z
          .object({ code: z.string(), message: z.string(), traceback: z.string().optional() })
          .nullable(),
        durationMs: z.number().int(),
        output: z.string(),
        jobId: z.string().nullable(),
        executedAt: IsoDate,
      })
      .nullable(),
    state: CellState,
  })
  .openapi('MatrixCell');
export type MatrixCellView = z.infer<typeof MatrixCellView>;

export function toMatrixCellView(cell: Awaited<ReturnType<typeof getMatrixCell>>): MatrixCellView {
  const x = cell.execution;
  return {
    eval: { ...cell.eval },
    trace: { ...cell.trace, startedAt: iso(cell.trace.startedAt) },
    labels: cell.labels.map((l) => ({ ...l, updatedAt: iso(l.updatedAt) })),
    execution: x ? { ...x, executedAt: iso(x.executedAt) } : null,
    state: cell.state,
  };
}

const ComparedVersion = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  status: z.enum(EVAL_STATUSES),
  generator: z.enum(EVAL_GENERATORS),
  heldOutMetrics: AgreementMetrics.nullable(),
  agreement: z.object({
    n: z.number().int(),
    executions: z.number().int(),
    accuracy: Estimate,
    f1: Estimate,
    kappa: Estimate,
    counts: Counts,
  }),
});

export const EvalComparisonView = z
  .object({ a: ComparedVersion, b: ComparedVersion, diff: z.string(), sameCode: z.boolean() })
  .openapi('EvalComparison');
export type EvalComparisonView = z.infer<typeof EvalComparisonView>;

export function toEvalComparisonView(
  comparison: Awaited<ReturnType<typeof compareEvals>>,
): EvalComparisonView {
  const side = (s: typeof comparison.a) => ({
    ...s,
    agreement: { ...s.agreement, counts: { ...s.agreement.counts } },
  });
  return {
    a: side(comparison.a),
    b: side(comparison.b),
    diff: comparison.diff,
    sameCode: comparison.sameCode,
  };
}
