import type { Ctx } from '@/core/context';
import type { EvalView } from '@/core/eval-view';
import type { TraceOutcome } from '@/core/ports/sandbox';
import { sha256Hex } from '@/core/web-crypto';
import { chunkRows } from '@/db/chunk';
import {
  type AgreementMetrics,
  type EVAL_GENERATORS,
  evalCandidateExecutions,
  evalCandidates,
  evalCvResults,
  type NewEvalCandidate,
  type NewEvalCandidateExecution,
  type NewEvalCvResult,
} from '@/db/schema';
import { writeBatch } from '@/db/write-batch';
import type { CandidateReport } from '../selection/cross-validate';
import type { FixedCandidateSpec } from './candidate-sources';
import { toAgreementMetrics } from './to-agreement-metrics';

/** A candidate as selection scored it (of any generator): its spec and its results. */
export type EvaluatedCandidate = Omit<FixedCandidateSpec, 'generator' | 'rules' | 'failure'> & {
  generator: (typeof EVAL_GENERATORS)[number];
  /** What the code checks, in plain words, one line per rule. */
  rules: string[];
  /** Set when the code gives this verdict to every trace: the synthesiser's constant rule. */
  constantVerdict?: boolean;
  report: CandidateReport;
  /** The final code's outcomes on every labelled trace (training figures, never for selection). */
  outcomes: TraceOutcome[];
  trainMetrics: AgreementMetrics;
  status: 'selected' | 'rejected' | 'evaluated';
  /** The synthesiser's final version as its JS twin (the parity test keeps it equal to the code). */
  predict?: (view: EvalView) => boolean;
};

type PersistInput = {
  agentId: string;
  generationId: string;
  k: number;
  foldOf: Map<string, number>;
  candidates: EvaluatedCandidate[];
  /** Candidates that never ran (invalid code, provider errors): rows with their error only. */
  failed?: FixedCandidateSpec[];
  /** The winning candidate and the version saved for it, linked in the same batch. */
  winner?: { id: string; evalId: string };
};

/** Stores a generation's candidates, their executions and cross-validation rows in one batch. */
export async function persistGeneration(
  ctx: Ctx,
  input: PersistInput,
): Promise<Map<string, string>> {
  const rowIds = new Map<string, string>();
  const candidateRows: NewEvalCandidate[] = [];
  const executionRows: NewEvalCandidateExecution[] = [];
  const cvRows: NewEvalCvResult[] = [];
  const addCandidate = async (c: EvaluatedCandidate | FixedCandidateSpec, own: OwnFields) => {
    const rowId = ctx.newId('cand');
    rowIds.set(c.id, rowId);
    candidateRows.push({ ...(await candidateRow(ctx, input, c, rowId)), ...own });
    return rowId;
  };
  for (const c of input.candidates) {
    const rowId = await addCandidate(c, evaluatedFields(input, c));
    executionRows.push(...executionRowsOf(ctx, c, rowId, input.foldOf));
    cvRows.push(...cvRowsOf(ctx, c, rowId, input.k));
  }
  for (const f of input.failed ?? []) {
    await addCandidate(f, failedFields(f));
  }
  await writeRows(ctx, candidateRows, executionRows, cvRows);
  return rowIds;
}

/** What a candidate row holds beyond `candidateRow`'s fields. */
type OwnFields = Omit<NewEvalCandidate, keyof Awaited<ReturnType<typeof candidateRow>>>;

/** The fields of one that competed, linked to the version when it won. */
function evaluatedFields(input: PersistInput, c: EvaluatedCandidate): OwnFields {
  return {
    evalId: input.winner?.id === c.id ? input.winner.evalId : null,
    status: c.status,
    trainMetrics: c.trainMetrics,
    heldOutMetrics: toAgreementMetrics(c.report.pooled),
    durationMs: Math.round(c.report.msPerTrace * c.outcomes.length),
  };
}

/** What every candidate row holds, whether the candidate competed or not. */
async function candidateRow(
  ctx: Ctx,
  input: PersistInput,
  c: EvaluatedCandidate | FixedCandidateSpec,
  rowId: string,
) {
  return {
    id: rowId,
    workspaceId: ctx.workspaceId,
    agentId: input.agentId,
    generationId: input.generationId,
    generator: c.generator,
    model: c.model ?? null,
    focus: c.focus,
    code: c.code,
    codeHash: await sha256Hex(c.code),
    promptTraceIds: c.promptTraceIds,
    costUsd: c.costUsd ?? null,
    createdAt: ctx.now(),
  };
}

/** One row per labelled trace the final code ran on, with the fold that held the trace out. */
function executionRowsOf(
  ctx: Ctx,
  c: EvaluatedCandidate,
  rowId: string,
  foldOf: Map<string, number>,
): NewEvalCandidateExecution[] {
  return c.outcomes.map((o) => ({
    id: ctx.newId('cex'),
    workspaceId: ctx.workspaceId,
    candidateId: rowId,
    traceId: o.traceId,
    fold: foldOf.get(o.traceId) ?? null,
    status: o.ok ? (o.passed ? 'pass' : 'fail') : 'error',
    reason: o.ok ? o.reason : '',
    error: o.ok ? null : { code: o.error.code, message: o.error.message },
    durationMs: Math.round(o.durationMs),
    createdAt: ctx.now(),
  }));
}

/** One row per fold, then the pooled row (fold -1) with the mean, spread and stability. */
function cvRowsOf(ctx: Ctx, c: EvaluatedCandidate, rowId: string, k: number): NewEvalCvResult[] {
  const rows: NewEvalCvResult[] = c.report.folds.map((fold) => ({
    id: ctx.newId('cv'),
    workspaceId: ctx.workspaceId,
    candidateId: rowId,
    fold: fold.fold,
    k,
    metrics: {
      ...fold.scores,
      testSize: fold.n,
      errors: fold.errors,
      ...(fold.trainingError ? { trainingError: fold.trainingError } : {}),
    },
    createdAt: ctx.now(),
  }));
  rows.push({
    id: ctx.newId('cv'),
    workspaceId: ctx.workspaceId,
    candidateId: rowId,
    fold: -1,
    k,
    metrics: { ...toAgreementMetrics(c.report.pooled), testSize: c.report.pooled.n },
    mean: c.report.summary.mean,
    std: c.report.summary.std,
    stable: c.report.stable,
    createdAt: ctx.now(),
  });
  return rows;
}

/** The fields of a candidate that never competed: its static issues and error. */
function failedFields(f: FixedCandidateSpec): OwnFields {
  return {
    staticIssues: f.failure?.issues ?? [],
    status: f.failure?.status ?? 'failed',
    error: f.failure?.error ?? null,
    trainMetrics: null,
    heldOutMetrics: null,
    durationMs: null,
  };
}

/** Every row in one atomic batch, chunked under the bound-parameter limit. */
async function writeRows(
  ctx: Ctx,
  candidateRows: NewEvalCandidate[],
  executionRows: NewEvalCandidateExecution[],
  cvRows: NewEvalCvResult[],
): Promise<void> {
  const writes = [
    ...chunkRows(ctx.db, candidateRows, evalCandidates).map((chunk) =>
      ctx.db.insert(evalCandidates).values(chunk),
    ),
    ...chunkRows(ctx.db, executionRows, evalCandidateExecutions).map((chunk) =>
      ctx.db.insert(evalCandidateExecutions).values(chunk),
    ),
    ...chunkRows(ctx.db, cvRows, evalCvResults).map((chunk) =>
      ctx.db.insert(evalCvResults).values(chunk),
    ),
  ];
  await writeBatch(ctx.db, writes);
}
