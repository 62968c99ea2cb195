import type { Candidate, EvalResult, ReflectResult } from '../engine-types';
import type { GepaAdapter } from '../gepa-adapter';
import { DEFAULT_CONFIG } from '../init-state';
import { buildReflectionPrompt } from '../reflection-prompt';
import type { EvalVerdict, ReflectiveRecord } from '../reflective-record';

/**
 * The design's keyword world (§1.11): a task wants some keywords in the prompt and may forbid
 * others; its score is the fraction of those checks the prompt passes. Deterministic, no LLM.
 */
export type KeywordTask = { id: string; text: string; want: string[]; avoid?: string[] };

const wordsOf = (candidate: Candidate) =>
  new Set(
    Object.keys(candidate)
      .sort()
      .flatMap((k) => (candidate[k] ?? '').toLowerCase().match(/[a-z0-9]+/g) ?? []),
  );

export function keywordVerdicts(candidate: Candidate, task: KeywordTask): EvalVerdict[] {
  const words = wordsOf(candidate);
  return [
    ...task.want.map((w) => ({
      name: `has_${w}`,
      passed: words.has(w),
      reason: words.has(w) ? `mentions ${w}` : `missing keyword ${w}`,
    })),
    ...(task.avoid ?? []).map((w) => ({
      name: `avoids_${w}`,
      passed: !words.has(w),
      reason: words.has(w) ? `mentions ${w}, which this task forbids` : `does not mention ${w}`,
    })),
  ];
}

export function keywordScore(candidate: Candidate, task: KeywordTask): number {
  const v = keywordVerdicts(candidate, task);
  return v.length ? v.filter((x) => x.passed).length / v.length : 1;
}

/** Per record, the first failed check names one edit: add a wanted word, drop a forbidden one. */
function scriptedEdit(text: string, records: readonly ReflectiveRecord[]): string {
  let out = text;
  for (const r of records) {
    const failed = r.verdicts.find((v) => !v.passed);
    if (!failed) {
      continue;
    }
    const word = failed.name.replace(/^(has|avoids)_/, '');
    if (failed.name.startsWith('has_')) {
      if (!new RegExp(`\\b${word}\\b`, 'i').test(out)) {
        out = `${out} ${word}`.trim();
      }
    } else {
      out = out.replace(new RegExp(`\\s*\\b${word}\\b`, 'gi'), '').trim();
    }
  }
  return out;
}

export type KeywordWorld = GepaAdapter & { evaluations: number; reflections: number };

/** An adapter over keyword tasks with the scripted reflector of §1.11. */
export function keywordAdapter(tasks: readonly KeywordTask[]): KeywordWorld {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const task = (id: string) => {
    const t = byId.get(id);
    if (!t) {
      throw new Error(`unknown task ${id}`);
    }
    return t;
  };
  const world: KeywordWorld = {
    evaluations: 0,
    reflections: 0,
    async evaluate(stage): Promise<EvalResult> {
      // one evaluation per distinct task, as a rollout batch runs them
      world.evaluations += new Set(stage.taskIds).size;
      const scores: Record<string, number> = {};
      const objectives: Record<string, Record<string, number>> = {};
      for (const id of stage.taskIds) {
        const verdicts = keywordVerdicts(stage.candidate, task(id));
        scores[id] = keywordScore(stage.candidate, task(id));
        objectives[id] = Object.fromEntries(verdicts.map((v) => [v.name, v.passed ? 1 : 0]));
      }
      const records = stage.traces
        ? stage.taskIds.map((id) => ({
            taskId: id,
            userSide: task(id).text,
            transcript: `user: ${task(id).text}\nassistant: (answer)`,
            verdicts: keywordVerdicts(stage.candidate, task(id)),
          }))
        : undefined;
      return { kind: 'eval', scores, objectives, ...(records ? { records } : {}) };
    },
    async reflect(stage): Promise<ReflectResult> {
      world.reflections += 1;
      const prompt = buildReflectionPrompt(stage.currentText, stage.records);
      const next = scriptedEdit(stage.currentText, stage.records);
      const answer =
        next === stage.currentText ? 'Nothing to change.' : `Edited.\n\`\`\`\n${next}\n\`\`\``;
      return {
        kind: 'reflect',
        answer,
        usage: {
          inputTokens: Math.ceil(prompt.length / 4),
          outputTokens: Math.ceil(answer.length / 4),
          usd: 0,
        },
      };
    },
  };
  return world;
}

/** The §1.11 golden world: 3 train and 2 validation tasks. */
export const GOLDEN_TASKS: KeywordTask[] = [
  { id: 't1', text: 'Greet the guest.', want: ['alpha'] },
  { id: 't2', text: 'Answer the bill question.', want: ['beta'] },
  { id: 't3', text: 'Book a table.', want: ['alpha', 'gamma'] },
  { id: 'v1', text: 'Say hello.', want: ['alpha'] },
  { id: 'v2', text: 'Explain the bill.', want: ['beta'] },
];

/** The §1.11 golden run: b=2, seed 7, budget 20 over GOLDEN_TASKS. */
export const GOLDEN_CONFIG = {
  ...DEFAULT_CONFIG,
  trainIds: ['t1', 't2', 't3'],
  valIds: ['v1', 'v2'],
  minibatchSize: 2,
  seed: 7,
  budgetRollouts: 20,
};
