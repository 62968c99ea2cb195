import type { Ctx } from '@/core/context';
import type { EvalView } from '@/core/eval-view';
import type { TraceOutcome } from '@/core/ports/sandbox';
import type { Eval } from '@/db/schema';
import type { Bridge } from '../bridge/answer-questions';
import type { LabelledTraceRow } from '../internal';
import { computeAgreement } from '../metrics/compute-agreement';
import type { CrossValidationReport } from '../selection/cross-validate';
import { type SynthesisResult, synthesiseEval } from '../synth/synthesise-eval';
import type { FixedCandidateSpec } from './candidate-sources';
import type { EvaluatedCandidate } from './persist-generation';
import { runInSandbox } from './sandbox-runner';
import { toAgreementMetrics } from './to-agreement-metrics';

/**
 * Each cross-validated candidate's final code (the synthesiser retrained on every label) run on
 * all labelled traces: training figures and reasons for display, never used for selection.
 */
export async function evaluateCandidates(
  ctx: Ctx,
  input: {
    name: string;
    seed: number;
    labelled: LabelledTraceRow[];
    report: CrossValidationReport;
    competing: FixedCandidateSpec[];
    parent: Eval | null;
    /** Answers hybrid candidates' model questions (null: no model configured). */
    bridge?: Bridge | null;
    /** Called after each candidate ran on every label. */
    onCandidate?(done: number, total: number): void;
  },
): Promise<EvaluatedCandidate[]> {
  const { labelled, parent } = input;
  const views = labelled.map((t) => t.view);
  const synth = synthesiseEval(
    labelled.map((t) => ({ view: t.view, label: t.label === 'positive' })),
    { name: input.name.replace(/^eval_/, ''), seed: input.seed },
  );
  const evaluated: EvaluatedCandidate[] = [];
  for (const report of input.report.candidates) {
    const spec = input.competing.find((f) => f.id === report.candidateId);
    const code = spec?.code ?? synth.code;
    const outcomes = await runInSandbox(ctx, code, views, input.bridge);
    if (!spec) {
      warnOnParityBreak(ctx, synth, labelled, outcomes);
    }
    evaluated.push({
      id: report.candidateId,
      generator: spec
        ? spec.id === 'incumbent' && parent
          ? parent.generator
          : spec.generator
        : 'synthesiser',
      code,
      focus:
        spec?.focus ??
        `decision list of ${synth.ruleCount} rules over ${synth.predicateCount} mined predicates`,
      model: spec?.model,
      prompt: spec?.prompt,
      promptTraceIds: spec?.promptTraceIds ?? [],
      costUsd: spec?.costUsd,
      rules: spec ? (spec.rules ?? []) : synth.rules,
      ...(spec?.judge ? { judge: spec.judge } : {}),
      ...(spec ? {} : { predict: (view: EvalView) => synth.predict(view).passed }),
      ...(spec || synth.constantVerdict === null ? {} : { constantVerdict: synth.constantVerdict }),
      report,
      outcomes,
      trainMetrics: toAgreementMetrics(
        computeAgreement(
          labelled.map((t, i) => {
            const o = outcomes[i];
            return { label: t.label, verdict: o?.ok ? o.passed : null };
          }),
        ),
      ),
      status: 'rejected',
    });
    input.onCandidate?.(evaluated.length, input.report.candidates.length);
  }
  return evaluated;
}

/** Held-out verdicts of the synthesiser come from its JS twin: say so loudly if they ever differ. */
function warnOnParityBreak(
  ctx: Ctx,
  synth: SynthesisResult,
  labelled: LabelledTraceRow[],
  outcomes: TraceOutcome[],
) {
  const differ = labelled.filter((t, i) => {
    const o = outcomes[i];
    return o?.ok && o.passed !== synth.predict(t.view).passed;
  });
  if (differ.length > 0) {
    ctx.log.warn('synthesised eval: JS and Python verdicts differ', {
      traces: differ.slice(0, 5).map((t) => t.id),
      count: differ.length,
    });
  }
}
