import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { type CandidateError, type Eval, evalCandidates, evals } from '@/db/schema';
import {
  assertAgentInWorkspace,
  getEvalOrThrow,
  type LabelledTraceRow,
  loadLabelledTraces,
} from '../internal';
import { computeAgreement } from '../metrics/compute-agreement';
import type { Candidate } from '../selection/candidate';
import { type CrossValidationReport, crossValidate } from '../selection/cross-validate';
import { synthCandidate } from '../selection/synth-candidate';
import { synthesizeEval } from '../synth/synthesize-eval';
import { createEvalVersion } from '../versions/create-eval-version';
import type { CandidateSource, FixedCandidateSpec } from './candidate-sources';
import { type EvaluatedCandidate, persistGeneration } from './persist-generation';
import { runInSandbox, verdictsInSandbox } from './sandbox-runner';
import { toAgreementMetrics } from './to-agreement-metrics';

export const GenerateEvalInput = z.object({
  agentId: z.string().min(1),
  name: z
    .string()
    .regex(/^eval_[a-z0-9_]{1,60}$/)
    .default('eval_quality'),
  k: z.number().int().min(2).max(10).default(5),
  seed: z.number().int().default(1),
  /** Refinement: the version to improve on; it competes as the incumbent. */
  parentEvalId: z.string().optional(),
});
export type GenerateEvalInput = z.input<typeof GenerateEvalInput>;

export type GenerateEvalResult = {
  generationId: string;
  /** The new version, or null when the incumbent kept its place. */
  created: Eval | null;
  winner: string | null;
  candidates: {
    id: string;
    rowId: string;
    generator: string;
    heldOutKappa: number | null;
    stable: boolean;
  }[];
  /** Candidates that never competed (invalid code, provider errors), stored with their error. */
  failed: {
    id: string;
    rowId: string;
    generator: string;
    status: 'invalid' | 'failed';
    error: CandidateError | null;
  }[];
  labelled: number;
};

const MIN_LABELS = 8;
const MIN_PER_CLASS = 2;

/** Where a generation is: a named stage and the share of the whole work done (0–100). */
export type GenerationProgress = { percent: number; message: string };

export type GenerateEvalOptions = {
  sources?: CandidateSource[];
  contradictions?: string[];
  onProgress?(progress: GenerationProgress): void;
  signal?: AbortSignal;
};

/**
 * Generates eval candidates from an agent's labels (the offline synthesiser, plus any source such
 * as an LLM), runs each in the sandbox, picks the best on held-out folds, stores it as a version.
 * Progress goes through named stages: loading labels, writing candidates, cross-validating,
 * checking candidates on every label, saving.
 */
export async function generateEval(
  ctx: Ctx,
  input: GenerateEvalInput,
  options: GenerateEvalOptions = {},
): Promise<GenerateEvalResult> {
  const data = GenerateEvalInput.parse(input);
  const stage = (percent: number, message: string) => options.onProgress?.({ percent, message });
  stage(2, 'loading labelled traces');
  const agent = await assertAgentInWorkspace(ctx, data.agentId);
  const parent = data.parentEvalId ? await getEvalOrThrow(ctx, data.parentEvalId) : null;
  const name = parent?.name ?? data.name;
  const labelled = await loadEnoughLabels(ctx, data.agentId);
  stage(5, `writing candidates from ${labelled.length} labels`);
  const fixed = await fixedCandidates(ctx, { data, agent, parent, name, labelled, options });
  const failed = fixed.filter((f) => f.failure);
  const competing = fixed.filter((f) => !f.failure);
  const candidates: Candidate[] = [
    synthCandidate('synth', { name: name.replace(/^eval_/, '') }),
    ...competing.map((f) => ({
      kind: 'fixed' as const,
      id: f.id,
      code: f.code,
      promptTraceIds: f.promptTraceIds,
    })),
  ];
  // One sandbox run per fold for the synthesiser, one for each fixed candidate.
  const runs = data.k + competing.length;
  let ran = 0;
  const validating = () =>
    `cross-validating ${candidates.length} candidates on ${labelled.length} labels (${ran} of ${runs} sandbox runs)`;
  stage(20, validating());
  const report = await crossValidate(
    candidates,
    labelled.map((t) => ({ view: t.view, label: t.label })),
    {
      k: data.k,
      seed: data.seed,
      runCandidate: async (code, views) => {
        const verdicts = await verdictsInSandbox(ctx, code, views);
        ran++;
        stage(20 + Math.round((60 * Math.min(ran, runs)) / runs), validating());
        return verdicts;
      },
    },
  );
  stage(80, `checking ${report.candidates.length} candidates on all ${labelled.length} labels`);
  const evaluated = await evaluateCandidates(ctx, { data, report, competing, parent, labelled });
  const best = evaluated.find((c) => c.id === report.winner) ?? null;
  const incumbent = evaluated.find((c) => c.id === 'incumbent');
  // A refinement replaces the current version only when it is strictly better held out.
  const winner = best && incumbent && !strictlyBetter(best, incumbent) ? incumbent : best;
  for (const c of evaluated) {
    c.status = c === winner ? 'selected' : 'rejected';
  }
  stage(95, 'saving the candidates and the winner');
  const generationId = ctx.newId('gen');
  const foldOf = new Map(report.folds.flatMap((ids, f) => ids.map((id) => [id, f] as const)));
  const rowIds = await persistGeneration(ctx, {
    agentId: data.agentId,
    generationId,
    k: report.k,
    foldOf,
    candidates: evaluated,
    failed,
  });
  const created =
    winner && winner.id !== 'incumbent'
      ? await saveWinner(ctx, { data, name, parent, winner, labelled, rowIds })
      : null;
  return {
    generationId,
    created,
    winner: winner?.id ?? null,
    candidates: evaluated.map((c) => ({
      id: c.id,
      rowId: rowIds.get(c.id) ?? '',
      generator: c.generator,
      heldOutKappa: c.report.rankKappa,
      stable: c.report.stable,
    })),
    failed: failed.map((f) => ({
      id: f.id,
      rowId: rowIds.get(f.id) ?? '',
      generator: f.generator,
      status: f.failure?.status ?? 'failed',
      error: f.failure?.error ?? null,
    })),
    labelled: labelled.length,
  };
}

type Data = z.output<typeof GenerateEvalInput>;

/** The agent's good and bad labels, or PRECONDITION_FAILED when there are too few to learn from. */
async function loadEnoughLabels(ctx: Ctx, agentId: string) {
  const labelled = (await loadLabelledTraces(ctx, agentId)).filter((t) => t.label !== 'neutral');
  const positives = labelled.filter((t) => t.label === 'positive').length;
  const negatives = labelled.length - positives;
  if (labelled.length < MIN_LABELS || Math.min(positives, negatives) < MIN_PER_CLASS) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `label at least ${MIN_LABELS} traces with ${MIN_PER_CLASS} good and ${MIN_PER_CLASS} bad (this agent has ${positives} good, ${negatives} bad)`,
      { details: { positives, negatives, minLabels: MIN_LABELS, minPerClass: MIN_PER_CLASS } },
    );
  }
  return labelled;
}

/** Candidates written before selection: each source's (LLM) and, when refining, the incumbent. */
async function fixedCandidates(
  ctx: Ctx,
  input: {
    data: Data;
    agent: { description: string | null };
    parent: Eval | null;
    name: string;
    labelled: LabelledTraceRow[];
    options: GenerateEvalOptions;
  },
): Promise<FixedCandidateSpec[]> {
  const { data, agent, parent, name, labelled, options } = input;
  const fixed: FixedCandidateSpec[] = [];
  for (const source of options.sources ?? []) {
    fixed.push(
      ...(await source(ctx, {
        agentId: data.agentId,
        agentDescription: agent.description,
        name,
        labelled,
        contradictions: options.contradictions,
        signal: options.signal,
      })),
    );
  }
  if (parent) {
    fixed.push({
      id: 'incumbent',
      generator: 'manual',
      code: parent.code,
      focus: `${parent.name} v${parent.version} as it is`,
      promptTraceIds: parent.trainingTraceIds,
    });
  }
  return fixed;
}

/** Each cross-validated candidate's final code, run on every label (training figures only). */
async function evaluateCandidates(
  ctx: Ctx,
  input: {
    data: Data;
    report: CrossValidationReport;
    competing: FixedCandidateSpec[];
    parent: Eval | null;
    labelled: LabelledTraceRow[];
  },
): Promise<EvaluatedCandidate[]> {
  const { data, report, competing, parent, labelled } = input;
  const views = labelled.map((t) => t.view);
  const finalSynth = synthesizeEval(
    labelled.map((t) => ({ view: t.view, label: t.label === 'positive' })),
    { name: (parent?.name ?? data.name).replace(/^eval_/, ''), seed: data.seed },
  );
  const evaluated: EvaluatedCandidate[] = [];
  for (const candidateReport of report.candidates) {
    const spec = competing.find((f) => f.id === candidateReport.candidateId);
    const code = spec?.code ?? finalSynth.code;
    const outcomes = await runInSandbox(ctx, code, views);
    evaluated.push({
      id: candidateReport.candidateId,
      generator: spec
        ? spec.id === 'incumbent' && parent
          ? parent.generator
          : spec.generator
        : 'synthesiser',
      code,
      focus:
        spec?.focus ??
        `decision list of ${finalSynth.ruleCount} rules over ${finalSynth.predicateCount} mined predicates`,
      model: spec?.model,
      prompt: spec?.prompt,
      promptTraceIds: spec?.promptTraceIds ?? [],
      costUsd: spec?.costUsd,
      report: candidateReport,
      outcomes,
      trainMetrics: toAgreementMetrics(
        computeAgreement(
          labelled.map((t, i) => ({ label: t.label, verdict: outcomeVerdict(outcomes[i]) })),
        ),
      ),
      status: candidateReport.candidateId === report.winner ? 'selected' : 'rejected',
    });
  }
  return evaluated;
}

/** Stores the winner as the next version of the eval and links its candidate row to it. */
async function saveWinner(
  ctx: Ctx,
  input: {
    data: Data;
    name: string;
    parent: Eval | null;
    winner: EvaluatedCandidate;
    labelled: LabelledTraceRow[];
    rowIds: Map<string, string>;
  },
): Promise<Eval> {
  const { data, name, parent, winner, labelled, rowIds } = input;
  const created = await createEvalVersion(ctx, {
    agentId: data.agentId,
    name,
    code: winner.code,
    generator: parent ? 'refinement' : winner.generator,
    description: winner.focus,
    parentEvalId: parent?.id,
    model: winner.model,
    generationPrompt: winner.prompt,
    trainingTraceIds: labelled.map((t) => t.id),
    heldOutMetrics: toAgreementMetrics(winner.report.pooled),
  });
  await ctx.db
    .update(evalCandidates)
    .set({ evalId: created.id })
    .where(
      and(
        eq(evalCandidates.workspaceId, ctx.workspaceId),
        eq(evalCandidates.id, rowIds.get(winner.id) ?? ''),
      ),
    );
  return created;
}

function strictlyBetter(a: EvaluatedCandidate, b: EvaluatedCandidate): boolean {
  const kappa = (c: EvaluatedCandidate) => c.report.rankKappa ?? Number.NEGATIVE_INFINITY;
  const f1 = (c: EvaluatedCandidate) => c.report.rankF1 ?? Number.NEGATIVE_INFINITY;
  if (a.code === b.code) {
    return false;
  }
  return (
    kappa(a) > kappa(b) + 1e-9 || (Math.abs(kappa(a) - kappa(b)) <= 1e-9 && f1(a) > f1(b) + 1e-9)
  );
}

function outcomeVerdict(
  outcome: EvaluatedCandidate['outcomes'][number] | undefined,
): boolean | null {
  return outcome?.ok ? outcome.passed : null;
}

/** The latest version of each eval of an agent (for UIs that show "current" evals). */
export async function latestVersions(ctx: Ctx, agentId: string): Promise<Eval[]> {
  const rows = await ctx.db
    .select()
    .from(evals)
    .where(and(eq(evals.workspaceId, ctx.workspaceId), eq(evals.agentId, agentId)))
    .orderBy(evals.name, evals.version);
  const latest = new Map<string, Eval>();
  for (const row of rows) {
    latest.set(row.name, row);
  }
  return [...latest.values()];
}
