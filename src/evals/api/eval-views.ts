import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { iso } from '@/api/openapi-schemas';
import { type Eval, evals } from '@/db/schema';
import type { ActivatedEval } from '../versions/activate-and-run';

/** The five scores of an eval's verdicts against labels, each shown as `score`. */
export const agreementScores = <S extends z.ZodType>(score: S) => ({
  accuracy: score,
  precision: score,
  recall: score,
  f1: score,
  kappa: score,
});

/** Verdicts against labels (true and false positives and negatives), neutral labels and errors. */
export const confusionCounts = <S extends z.ZodType>(count: S) =>
  z.object({ tp: count, fp: count, tn: count, fn: count, neutral: count, errors: count });

export const AgreementMetrics = z
  .object({
    ...agreementScores(z.number().nullable()),
    counts: confusionCounts(z.number()),
    intervals: z.record(z.string(), z.tuple([z.number(), z.number()])).optional(),
  })
  .openapi('AgreementMetrics');

export const EvalVersionView = z
  .object({
    ...columnFields(evals, 'id', 'agentId', 'name', 'version', 'parentEvalId', 'status'),
    ...columnFields(evals, 'description', 'generator', 'model'),
    /** What the code checks, in plain words, one line per rule. */
    rules: z.array(z.string()),
    heldOutMetrics: AgreementMetrics.nullable(),
    /** Set when the code asks a model: the model, its questions and expected cost per trace. */
    judge: z
      .object({
        model: z.string(),
        questions: z.array(z.string()),
        callsPerTrace: z.number(),
        expectedCostUsdPerTrace: z.number().nullable(),
      })
      .nullable(),
    trainingTraceCount: z.number().int(),
    ...columnFields(evals, 'autoRefine', 'createdAt', 'activatedAt'),
  })
  .openapi('EvalVersion');
export type EvalVersionView = z.infer<typeof EvalVersionView>;

export const EvalVersionDetail = EvalVersionView.extend({
  code: z.string(),
  generationPrompt: z.string().nullable(),
}).openapi('EvalVersionDetail');

export const ActivatedEvalView = EvalVersionView.extend({
  runJobId: z.string().nullable().openapi({
    description:
      'The eval.execute job judging the traces this version has not run on; null when none',
  }),
  notRun: z.number().int(),
}).openapi('ActivatedEval');

export function toActivatedEvalView(a: ActivatedEval): z.infer<typeof ActivatedEvalView> {
  return { ...toEvalVersionView(a.version), runJobId: a.runJobId, notRun: a.notRun };
}

export function toEvalVersionView(row: Eval): EvalVersionView {
  return {
    id: row.id,
    agentId: row.agentId,
    name: row.name,
    version: row.version,
    parentEvalId: row.parentEvalId,
    status: row.status,
    description: row.description,
    generator: row.generator,
    model: row.model,
    rules: row.rules,
    heldOutMetrics: row.heldOutMetrics,
    judge: row.judge,
    trainingTraceCount: row.trainingTraceIds.length,
    autoRefine: row.autoRefine,
    createdAt: iso(row.createdAt),
    activatedAt: iso(row.activatedAt),
  };
}

export function toEvalVersionDetail(row: Eval) {
  return { ...toEvalVersionView(row), code: row.code, generationPrompt: row.generationPrompt };
}
