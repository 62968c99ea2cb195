import type { EvalView } from '@/core/eval-view';
import { CODING_CRITERIA } from './coding/coding-criteria';
import { codingViews } from './coding/coding-views';
import { generateCodingRuns } from './coding/generate-coding-runs';
import type { Criterion, CriterionKind } from './criterion';
import { TAU_CRITERIA } from './tau/tau-criteria';
import { loadTauRuns } from './tau/tau-data';
import { tauViews } from './tau/tau-views';

/** One domain: what the learner sees (views), the split groups, and the hidden labels per criterion. */
export type Domain = {
  name: string;
  description: string;
  views: EvalView[];
  /** The group of each trace: splits never put one group on both sides. */
  groups: string[];
  criteria: { id: string; says: string; kind: CriterionKind; labels(): boolean[] }[];
};

const labelled = <Raw>(criteria: Criterion<Raw>[], raws: Raw[]) =>
  criteria.map(({ id, says, kind, label }) => ({ id, says, kind, labels: () => raws.map(label) }));

/** The 200 tau-bench airline runs, or null when the shared data is absent. */
export function tauDomain(): Domain | null {
  const runs = loadTauRuns();
  if (!runs) {
    return null;
  }
  return {
    name: 'tau-airline',
    description: `${runs.length} real tau-bench airline runs (GPT-4o; ${new Set(runs.map((r) => r.task_id)).size} tasks x 4 trials), \`info\` and \`reward\` stripped before import; group = task id`,
    views: tauViews(runs),
    groups: runs.map((r) => `task-${r.task_id}`),
    criteria: labelled(TAU_CRITERIA, runs),
  };
}

export const CODING_SEED = 1;

/** 300 generated coding-agent runs (75 tasks x 4 runs, seed 1). */
export function codingDomain(): Domain {
  const runs = generateCodingRuns({ seed: CODING_SEED });
  return {
    name: 'coding-agent',
    description: `${runs.length} generated coding-agent runs (seed ${CODING_SEED}; ${new Set(runs.map((r) => r.task.id)).size} tasks x 4 runs), imported from their transcripts alone; group = task id`,
    views: codingViews(runs),
    groups: runs.map((r) => r.task.id),
    criteria: labelled(CODING_CRITERIA, runs),
  };
}
