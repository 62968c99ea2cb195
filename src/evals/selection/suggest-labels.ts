import type { EvalView } from '@/core/eval-view';
import { taskKey } from './group-traces';

/** A model's verdict on a trace (true = pass): the final version's or a fold model's JS twin. */
export type Verdict = (view: EvalView) => boolean;

export type SuggestLabelsInput = {
  /** The labelled traces the models learned from (true = should pass); neutral ones left out. */
  labelled: { view: EvalView; label: boolean }[];
  /** The version trained on every label. */
  final: Verdict;
  /** The models the cross-validation trained on each fold's part of the labels. */
  folds: Verdict[];
  /** Traces of the same agent without a label; `id` is handed back, never used to rank. */
  unlabelled: { id: string; view: EvalView }[];
  /** How many to suggest (default 10). */
  n?: number;
  seed?: number;
};

export type LabelSuggestion = {
  id: string;
  /** Higher first: the committee's disagreement, the rarer verdict, a task not yet labelled. */
  score: number;
  /** Why, in words a labeller can read. */
  why: string[];
};

type Scored = LabelSuggestion & { task: string; tie: string };

const verdictWord = (pass: boolean) => (pass ? 'pass' : 'fail');

/** The rarer verdict of the labels (true = pass; pass when exactly half pass). */
export function rarerVerdict(labelled: { label: boolean }[]): boolean {
  return labelled.filter((t) => t.label).length * 2 <= labelled.length;
}

/**
 * Which unlabelled traces to label next (query by committee): traces on which the fold models and
 * the final version disagree first, then traces they would put in the rarer verdict of the labels,
 * then traces of a task (`finerKeys`' task key: a metadata task id, else the normalised first user
 * message) that no label and no earlier suggestion comes from. Ties go to a seeded hash of the
 * trace's messages and steps, so the same traces and seed give the same suggestions in any database.
 */
export function suggestLabels(input: SuggestLabelsInput): LabelSuggestion[] {
  const n = input.n ?? 10;
  const seed = input.seed ?? 1;
  const rare = rarerVerdict(input.labelled);
  const labelledTasks = new Set(input.labelled.map((t) => taskKey(t.view)));
  const models = [input.final, ...input.folds];
  const scored: Scored[] = input.unlabelled.map(({ id, view }) => {
    const votes = models.map((m) => m(view));
    const pass = votes.filter(Boolean).length;
    const split = Math.min(pass, votes.length - pass);
    const disagreement = split / Math.max(1, Math.floor(votes.length / 2));
    const rareVotes = (rare ? pass : votes.length - pass) / votes.length;
    const why: string[] = [];
    if (split > 0) {
      why.push(
        `the models trained on parts of your labels disagree: ${pass} of ${votes.length} say pass`,
      );
    }
    if (rareVotes > 0 && rareVotes * 2 >= 1) {
      why.push(`judged ${verdictWord(rare)}, the rarer verdict among your labels`);
    }
    return {
      id,
      score: 2 * disagreement + 1.5 * rareVotes,
      why,
      task: taskKey(view),
      tie: tieKey(seed, view),
    };
  });
  return pickSpread(scored, labelledTasks, n);
}

/**
 * A seeded hash of what the trace says (its messages and steps; FNV-1a, 32 bits): cheap enough for
 * thousands of traces, where a SHA of each costs seconds. Traces alike in both keep their order.
 */
function tieKey(seed: number, view: EvalView): string {
  const text = JSON.stringify([view.messages, view.steps]);
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The best `n` by score, one task at a time: a trace of a task neither labelled nor already
 * suggested gains 1, one of a task already suggested loses 1, so ten suggestions span tasks.
 */
function pickSpread(scored: Scored[], labelledTasks: Set<string>, n: number): LabelSuggestion[] {
  const picked: LabelSuggestion[] = [];
  const pickedTasks = new Set<string>();
  const left = new Set(scored);
  const worth = (s: Scored) =>
    s.score + (pickedTasks.has(s.task) ? -1 : labelledTasks.has(s.task) ? 0 : 1);
  while (picked.length < n && left.size > 0) {
    let best: Scored | null = null;
    for (const s of left) {
      const d = best === null ? 1 : worth(s) - worth(best);
      if (best === null || d > 1e-9 || (Math.abs(d) <= 1e-9 && s.tie < best.tie)) {
        best = s;
      }
    }
    const chosen = best as Scored;
    left.delete(chosen);
    const unseen = !labelledTasks.has(chosen.task) && !pickedTasks.has(chosen.task);
    const score = worth(chosen);
    pickedTasks.add(chosen.task);
    picked.push({
      id: chosen.id,
      score,
      why: unseen ? [...chosen.why, 'from a task none of your labels come from'] : chosen.why,
    });
  }
  return picked;
}
