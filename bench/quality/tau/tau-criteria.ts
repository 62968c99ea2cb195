// The benchmark's tau-bench criteria, in the order the report lists them.
// Written by helper `criteria` WITHOUT reading the synthesiser (src/evals/synth/, selection/,
// llm-generator/, docs/synthesiser.md). FROZEN: a change to the synthesiser never comes in the
// same commit as a change to these criteria.
import type { Criterion } from '../criterion';
import { TAU_CONVERSATION_CRITERIA } from './tau-criteria-conversation';
import { TAU_OUTCOME_CRITERIA } from './tau-criteria-outcome';
import { TAU_POLICY_CRITERIA } from './tau-criteria-policy';
import type { TauRun } from './tau-data';

/** Every tau-bench criterion (frozen; see the header of each file). */
export const TAU_CRITERIA: Criterion<TauRun>[] = [
  ...TAU_CONVERSATION_CRITERIA,
  ...TAU_POLICY_CRITERIA,
  ...TAU_OUTCOME_CRITERIA,
];
