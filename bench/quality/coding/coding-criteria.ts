// The benchmark's coding-agent criteria, in the order the report lists them.
// Written by helper `criteria` WITHOUT reading the synthesiser (src/evals/synth/, selection/,
// llm-generator/, docs/synthesiser.md). FROZEN: a change to the synthesiser never comes in the
// same commit as a change to these criteria.
import type { Criterion } from '../criterion';
import { CODING_HABIT_CRITERIA } from './coding-criteria-habits';
import { CODING_PROCESS_CRITERIA } from './coding-criteria-process';
import type { CodingRun } from './generate-coding-runs';

/** Every coding-agent criterion (frozen; see the header of each file). */
export const CODING_CRITERIA: Criterion<CodingRun>[] = [
  ...CODING_HABIT_CRITERIA,
  ...CODING_PROCESS_CRITERIA,
];
