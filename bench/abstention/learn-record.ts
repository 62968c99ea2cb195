/** One learn of record-learns.ts: what the decision reads and what the version was worth. */
export type LearnRecord = {
  set: 'bench' | 'dev';
  domain: string;
  id: string;
  kind: string;
  /** The split's seed (bench:quality's seeds are 1 to 5) and the learner's. */
  seed: number;
  /** The 40 training labels and their groups (groupTraces), in training order. */
  labels: boolean[];
  groups: string[];
  /** Each training trace's held-out verdict: `i` indexes `labels`, `fold` the fold model. */
  held: { i: number; fold: number; verdict: boolean }[];
  /** The final version's verdict on each training trace. */
  fitted: boolean[];
  /** The final version's rules and each fold model's, as predicate ids. */
  rules: string;
  foldRules: string[];
  /** judgeAgainstBaseline as learner.ts calls it: created, the .632+ estimate, held-out accuracy. */
  clear: boolean;
  estimate: number;
  heldOutAccuracy: number;
  wins: number;
  losses: number;
  /** The final version forced, on the held-out traces, and the training majority there. */
  forcedAccuracy: number;
  majorityAccuracy: number;
};
