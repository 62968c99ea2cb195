import { z } from '@hono/zod-openapi';
import type { Ctx } from '@/core/context';
import { service } from '@/core/service';
import type { CandidateError, Eval } from '@/db/schema';
import { stableHash } from '@/traces/stable-hash';
import type { Bridge } from '../bridge/answer-questions';
import { judgeRecord } from '../bridge/judge-record';
import { proposeHybridCandidates } from '../bridge/propose-hybrids';
import { assertAgentInWorkspace, getEvalOrThrow, type LabelledTraceRow } from '../internal';
import { crossValidate } from '../selection/cross-validate';
import { foldGroups } from '../selection/fold-groups';
import { createEvalVersion } from '../versions/create-eval-version';
import type { CandidateSource, FixedCandidateSpec } from './candidate-sources';
import { chooseWinner, type WinnerDecision } from './choose-winner';
import { type CollectedCandidates, collectCandidates, withHybrids } from './collect-candidates';
import {
  nameFromRules,
  PLACEHOLDER_NAME,
  renameEvalCode,
  uniqueEvalName,
} from './default-eval-name';
import { evaluateCandidates } from './evaluate-candidates';
import { type AbstentionAnswer, explainAbstention } from './explain-abstention';
import { loadGenerationLabels, shortfallOf } from './load-generation-labels';
import { type EvaluatedCandidate, persistGeneration } from './persist-generation';
import { verdictsInSandbox } from './sandbox-runner';
import { type SuggestedTrace, suggestNextLabels } from './suggest-next-labels';
import { toAgreementMetrics } from './to-agreement-metrics';

const GenerateEvalInput = z.object({
  agentId: z.string().min(1),
  /** Unset: a name derived from the winner's rules, unique among the agent's evals. */
  name: z
    .string()
    .regex(/^eval_[a-z0-9_]{1,60}$/)
    .optional(),
  k: z.number().int().min(2).max(10).default(5),
  seed: z.number().int().default(1),
  /** Refinement: the version to improve on; it competes as the incumbent. */
  parentEvalId: z.string().optional(),
  /** Create a version even when no candidate clearly beats always giving the majority verdict. */
  force: z.boolean().default(false),
});
export type GenerateEvalInput = z.input<typeof GenerateEvalInput>;

export type GenerateEvalResult = {
  generationId: string;
  /** The new version, or null when the incumbent kept its place or the generation abstained. */
  created: Eval | null;
  outcome: WinnerDecision['outcome'];
  /** A version was created although it does not clear the majority baseline. */
  forced: boolean;
  winner: string | null;
  /** The chosen eval's rules in plain words (empty when abstaining). */
  rules: string[];
  /**
   * The best candidate against always giving the majority verdict: the accuracy the check used
   * (for the synthesiser the .632+ estimate of the version trained on all labels) with its
   * interval, and the fold models' held-out accuracy.
   */
  heldOut: {
    accuracy: number;
    heldOutAccuracy?: number;
    interval: [number, number];
    kappa: number | null;
    majority: 'pass' | 'fail';
    baselineAccuracy: number;
  } | null;
  /** Set when no version was created because nothing beat the majority baseline. */
  abstention: AbstentionAnswer | null;
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

/** Where a generation is: a named stage and the share of the whole work done (0–100). */
export type GenerationProgress = { percent: number; message: string };

export type GenerateEvalOptions = {
  sources?: CandidateSource[];
  contradictions?: string[];
  onProgress?(progress: GenerationProgress): void;
  signal?: AbortSignal;
  /** The id a caller already handed out (the 202 of POST …/generate): stored as it is, so a retry finds it. */
  generationId?: string;
  /** The workspace's model bridge: hybrid candidates when code abstains (null: no model). */
  bridge?: Bridge | null;
};

/**
 * Generates eval candidates from an agent's labels (the offline synthesiser, plus any source such
 * as an LLM), runs each in the sandbox, picks the best on held-out folds and stores it as a
 * version when it beats always giving the majority verdict (or `force` is set). Progress goes
 * through named stages: loading labels, writing candidates, cross-validating, checking
 * candidates on every label, saving.
 */
export const generateEval = service(
  GenerateEvalInput,
  async (ctx, data, options: GenerateEvalOptions = {}): Promise<GenerateEvalResult> => {
    const stage = (percent: number, message: string) => options.onProgress?.({ percent, message });
    stage(2, 'loading labelled traces');
    const agent = await assertAgentInWorkspace(ctx, data.agentId);
    const parent = data.parentEvalId ? await getEvalOrThrow(ctx, data.parentEvalId) : null;
    const name = parent?.name ?? data.name ?? PLACEHOLDER_NAME;
    const labelled = await loadGenerationLabels(ctx, data.agentId);
    const short = shortfallOf(labelled, parent ? 'refine' : 'generate');
    if (short) {
      // labels removed after the request was queued: the job's last line says so, not "loading"
      stage(2, `stopped: ${short.message}`);
      throw short;
    }
    stage(5, `writing candidates from ${labelled.length} labels`);
    const collected = await collectCandidates(ctx, {
      agentId: data.agentId,
      agentDescription: agent.description,
      name,
      labelled,
      parent,
      sources: options.sources ?? [],
      contradictions: options.contradictions,
      signal: options.signal,
    });
    const bridge = options.bridge ?? null;
    const round0 = { ctx, data, name, labelled, parent, bridge, stage };
    const compete = (c: CollectedCandidates) => competeCandidates(round0, c);
    let round = await compete(collected);
    let { failed } = collected;
    // Code could not separate the labels: with a model, hybrid candidates (code that narrows to the
    // last reply and asks one judge question) compete on the same held-out estimate.
    if (bridge && !round.decision.baseline?.clear) {
      stage(80, 'asking the model for judge questions');
      const hybrids = await proposeHybridCandidates(bridge, {
        name,
        labelled,
        signal: options.signal,
      });
      if (hybrids.length > 0) {
        const widened = withHybrids(collected, hybrids);
        ({ failed } = widened);
        round = await compete(widened);
      }
    }
    const { report, evaluated, decision } = round;
    stage(95, 'saving the candidates and the winner');
    const generationId = options.generationId ?? ctx.newId('gen');
    // The version first, under an id derived from the generation, then the candidates that point at
    // it in one batch: a retry after a crash between the two finds the version instead of adding one.
    const created =
      decision.outcome === 'created' && decision.winner
        ? await storeVersion(
            ctx,
            { agentId: data.agentId, name, parent, labelled, generationId },
            { named: parent !== null || data.name !== undefined, agentName: agent.name },
            decision.winner,
            bridge,
          )
        : null;
    const foldOf = new Map(report.folds.flatMap((ids, f) => ids.map((id) => [id, f] as const)));
    const rowIds = await persistGeneration(ctx, {
      agentId: data.agentId,
      generationId,
      k: report.k,
      foldOf,
      candidates: evaluated,
      failed,
      winner:
        created && decision.winner ? { id: decision.winner.id, evalId: created.id } : undefined,
    });
    // Notes reach a model only: the model bridge or a model-backed candidate source reads them.
    const notesRead = bridge !== null || (options.sources?.length ?? 0) > 0;
    const suggested =
      decision.outcome === 'abstained'
        ? await suggestNextLabels(ctx, {
            agentId: data.agentId,
            labelled,
            evaluated,
            seed: data.seed,
          })
        : [];
    return generationResult({
      generationId,
      created,
      decision,
      labelled,
      evaluated,
      failed,
      rowIds,
      notesRead,
      folds: report.folds,
      suggested,
    });
  },
);

type Stage = (percent: number, message: string) => void;

/** What one round of competition needs: the parsed input and what generation loaded. */
type CompetitionContext = {
  ctx: Ctx;
  data: z.output<typeof GenerateEvalInput>;
  name: string;
  labelled: LabelledTraceRow[];
  parent: Eval | null;
  bridge: Bridge | null;
  stage: Stage;
};

/**
 * One round: cross-validates the candidates on the labels (progress 20–80), checks each on every
 * label (80–95) and chooses the winner against the majority baseline.
 */
async function competeCandidates(
  { ctx, data, name, labelled, parent, bridge, stage }: CompetitionContext,
  { candidates, competing }: CollectedCandidates,
) {
  let done = 0;
  let percent = 20;
  const validating = () =>
    `cross-validating ${candidates.length} candidates on ${labelled.length} labels (${done} of ${candidates.length} done)`;
  stage(percent, validating());
  const report = await crossValidate(
    candidates,
    labelled.map((t) => ({ view: t.view, label: t.label })),
    {
      k: data.k,
      seed: data.seed,
      groups: foldGroups(labelled),
      runCandidate: (code, views) => verdictsInSandbox(ctx, code, views, bridge),
      // each fold moves the bar; each finished candidate moves the count
      onStep: (steps, total) => {
        percent = 20 + Math.round((60 * steps) / total);
        stage(percent, validating());
      },
      onCandidate: (finished) => {
        done = finished;
        stage(percent, validating());
      },
    },
  );
  const checking = (n: number) =>
    `checking ${report.candidates.length} candidates on all ${labelled.length} labels (${n} of ${report.candidates.length} done)`;
  stage(80, checking(0));
  const evaluated = await evaluateCandidates(ctx, {
    name,
    seed: data.seed,
    labelled,
    report,
    competing,
    parent,
    bridge,
    onCandidate: (n, total) => stage(80 + Math.round((15 * n) / total), checking(n)),
  });
  return { report, evaluated, decision: chooseWinner(evaluated, report.ranking, data.force) };
}

/** The answer of a generation: the version (or the abstention), the rules and every candidate's row. */
function generationResult(input: {
  generationId: string;
  created: Eval | null;
  decision: WinnerDecision;
  labelled: LabelledTraceRow[];
  evaluated: EvaluatedCandidate[];
  failed: FixedCandidateSpec[];
  rowIds: Map<string, string>;
  notesRead: boolean;
  /** Trace ids held out in each fold of the cross-validation the decision read. */
  folds: string[][];
  suggested: SuggestedTrace[];
}): GenerateEvalResult {
  const { generationId, created, decision, labelled, evaluated, failed, rowIds, notesRead } = input;
  const { folds, suggested } = input;
  return {
    generationId,
    created,
    outcome: decision.outcome,
    forced: decision.forced,
    winner: decision.winner?.id ?? null,
    rules: decision.winner?.rules ?? [],
    heldOut: heldOutSummary(decision),
    abstention:
      decision.outcome === 'abstained'
        ? explainAbstention(decision.best, decision.baseline, labelled, {
            notesRead,
            folds,
            suggested,
          })
        : null,
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

/** Stores the winner as the next version, once per generation (its id derives from the generation). */
async function storeVersion(
  ctx: Ctx,
  input: {
    agentId: string;
    name: string;
    parent: Eval | null;
    labelled: { id: string }[];
    generationId: string;
  },
  naming: { named: boolean; agentName: string },
  winner: EvaluatedCandidate,
  bridge: Bridge | null,
): Promise<Eval> {
  // Nobody named it: a name from its rules, not a meaningless default shared by every eval.
  const name = naming.named
    ? input.name
    : await uniqueEvalName(ctx, input.agentId, nameFromRules(winner.rules, naming.agentName));
  return createEvalVersion(ctx, {
    ...(winner.judge && bridge ? { judge: judgeRecord(bridge, winner.judge.question) } : {}),
    id: `ev_${stableHash(`${ctx.workspaceId}\u0000${input.generationId}`)}`,
    agentId: input.agentId,
    name,
    code: renameEvalCode(winner.code, input.name, name),
    generator: input.parent ? 'refinement' : winner.generator,
    description: winner.focus,
    parentEvalId: input.parent?.id,
    model: winner.model,
    generationPrompt: winner.prompt,
    rules: winner.rules,
    trainingTraceIds: input.labelled.map((t) => t.id),
    heldOutMetrics: toAgreementMetrics(winner.report.pooled),
  });
}

function heldOutSummary(decision: WinnerDecision): GenerateEvalResult['heldOut'] {
  const b = decision.baseline;
  return b
    ? {
        accuracy: b.accuracy,
        heldOutAccuracy: b.heldOutAccuracy,
        interval: [b.interval.low, b.interval.high],
        kappa: b.kappa,
        majority: b.majority ? 'pass' : 'fail',
        baselineAccuracy: b.baselineAccuracy,
      }
    : null;
}
