import type { LintRule } from '@/agents/practices/lint-prompt';
import type { GuardResults } from './guards';
import type { Fronts } from './pareto';
import type { ReflectiveRecord } from './reflective-record';
import type { RngState } from './rng';
import type { SamplerState } from './sampler';

/** A candidate: component name to text (the system prompt, optionally tool descriptions). */
export type Candidate = Record<string, string>;

export type ParentSelection = 'pareto' | 'current-best' | 'random';

export type GepaConfig = {
  /** Train and validation task ids, ascending. The test split never reaches the engine. */
  trainIds: string[];
  valIds: string[];
  minibatchSize: number;
  /** Rollouts per task (k); a stage over n tasks costs n*k rollouts. */
  rolloutsPerTask: number;
  /** Hard cap in rollouts: a stage whose worst case would pass it never starts. */
  budgetRollouts: number;
  seed: number;
  selection: ParentSelection;
  skipPerfect: boolean;
  perfectScore: number;
  maxPromptChars: number;
  /** The agent's tool names and the workspace's rules the proposals are linted with, as at the start. */
  lint?: { tools: string[]; practices: LintRule[] };
  /** Merge settings; merge runs only when candidates have two or more components. */
  maxMerges: number;
  mergeOverlapFloor: number;
  maxIterations?: number;
};

export type CandidateRecord = {
  components: Candidate;
  parents: number[];
  valScores: Record<string, number>;
  valAverage: number;
  /** Each shadow eval's pass rate on the validation split (held out of the reward). */
  shadow?: Record<string, number>;
  /** Round-robin pointer into the sorted component names. */
  nextComponent: number;
  /** Rollouts used when the candidate joined the pool. */
  discoveredAt: number;
  iteration: number;
};

export type IterationOutcome =
  | 'skipped-perfect'
  | 'no-proposal'
  | 'guard-rejected'
  | 'rejected'
  | 'accepted'
  | 'merge-rejected'
  | 'merge-accepted';

/** One iteration as recorded (every proposal, accepted or not, becomes a `prompt_iterations` row). */
export type IterationRecord = {
  i: number;
  kind: 'reflective' | 'merge';
  parents: number[];
  component?: string;
  taskIds: string[];
  parentScores?: number[];
  childScores?: number[];
  proposal?: Candidate;
  reason?: string;
  guards?: GuardResults;
  outcome: IterationOutcome;
  candidate?: number;
  valAverage?: number;
  rolloutsAfter: number;
};

/** The iteration in flight, kept between its stages. */
export type Scratch =
  | {
      kind: 'reflective';
      i: number;
      parent: number;
      component: string;
      taskIds: string[];
      parentScores?: number[];
      records?: ReflectiveRecord[];
      proposal?: Candidate;
      reason?: string;
      guards?: GuardResults;
      childScores?: number[];
    }
  | {
      kind: 'merge';
      i: number;
      parents: [number, number];
      ancestor: number;
      taskIds: string[];
      proposal: Candidate;
      parentSums: [number, number];
      childScores?: number[];
    };

export type EvalStageKind =
  | 'seed-val'
  | 'parent-mb'
  | 'child-mb'
  | 'child-val'
  | 'merge-sub'
  | 'merge-val';

export type EvalStage = {
  kind: EvalStageKind;
  candidate: Candidate;
  taskIds: string[];
  /** Reflective records wanted back (parent minibatch only). */
  traces: boolean;
  rollouts: number;
};
export type ReflectStage = {
  kind: 'reflect';
  component: string;
  currentText: string;
  records: ReflectiveRecord[];
};
export type StopReason = 'budget' | 'iterations';
export type DoneStage = { kind: 'done'; reason: StopReason };
export type Stage = EvalStage | ReflectStage | DoneStage;

export type EvalResult = {
  kind: 'eval';
  /** Mean score per task over its rollouts, in [0, 1]. */
  scores: Record<string, number>;
  /** Per task, each reward eval's pass rate (objective scores). */
  objectives?: Record<string, Record<string, number>>;
  /** Per task, each shadow eval's pass rate: recorded, never scored or shown to the reflector. */
  shadow?: Record<string, Record<string, number>>;
  records?: ReflectiveRecord[];
};
export type Usage = { inputTokens: number; outputTokens: number; usd: number };
export type ReflectResult = { kind: 'reflect'; answer: string; usage: Usage };
export type StageResult = EvalResult | ReflectResult;

export type GepaState = {
  version: 1;
  config: GepaConfig;
  rng: RngState;
  sampler: SamplerState;
  /** Iteration counter; -1 until the first iteration starts. */
  i: number;
  candidates: CandidateRecord[];
  fronts: Fronts;
  rolloutsUsed: number;
  reflection: { calls: number; inputTokens: number; outputTokens: number; usd: number };
  merge: {
    due: number;
    tested: number;
    lastIterationFoundNew: boolean;
    tried: string[];
    built: string[];
  };
  current: Scratch | null;
  iterations: IterationRecord[];
  stage: Stage;
};
