import { z } from '@hono/zod-openapi';

/** The one component GEPA optimises for now: the agent version's system prompt template. */
export const PROMPT_COMPONENT = 'system_prompt';

export const CreateGepaRunInput = z
  .strictObject({
    agentId: z.string().min(1).max(200),
    tasksetId: z.string().min(1).max(200),
    /** The seed: a version of the agent; default its active version. */
    agentVersionId: z.string().min(1).max(200).optional(),
    /** Hard cap in rollouts (seed validation, minibatches, validations). */
    budgetRollouts: z.number().int().min(1).max(100_000),
    minibatchSize: z.number().int().min(1).max(50).default(3),
    rolloutsPerTask: z.number().int().min(1).max(10).default(1),
    /** Seeds the split (when the taskset has none stored) and the engine's random draws. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    selection: z.enum(['pareto', 'current-best', 'random']).default('pareto'),
    maxIterations: z.number().int().min(1).max(10_000).optional(),
    /** The model the rollouts run on and the one that writes new prompts (default: configured). */
    model: z.string().min(1).max(200).optional(),
    reflectionModel: z.string().min(1).max(200).optional(),
    parallel: z.number().int().min(1).max(64).default(4),
    stepsPerTurn: z.number().int().min(1).max(100).default(8),
    userMode: z.enum(['single', 'scripted']).optional(),
    allowSideEffects: z.boolean().default(false),
    /**
     * Active evals scored beside the reward but kept out of it and of the reflector's feedback:
     * reported per candidate and on the test split, to show whether the reward is being gamed.
     */
    shadowEvals: z.array(z.string().min(1).max(200)).max(20).default([]),
    /** Winner rollouts put in a review queue with the report (5-10). */
    reviewRollouts: z.number().int().min(5).max(10).default(5),
  })
  .openapi('CreateGepaRun');
export type CreateGepaRunInput = z.input<typeof CreateGepaRunInput>;

/** What `gepa_runs.config` holds: the request as parsed plus what the start fixed. */
export type GepaRunConfig = z.output<typeof CreateGepaRunInput> & {
  seedVersionId: string;
  rewardEvals: string[];
  /** Absent on runs started before shadow evals existed. */
  shadowEvals?: string[];
  /** How the split was made: the taskset's stored split, or seeded here. */
  split: 'stored' | 'seeded';
};
