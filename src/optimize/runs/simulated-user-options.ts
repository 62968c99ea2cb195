import { z } from '@hono/zod-openapi';
import type { Ctx } from '@/core/context';
import { USER_MODES } from '@/db/schema/constants';
import { type RolloutModel, resolveRolloutModel } from './rollout-model';

export const DEFAULT_MAX_USER_TURNS = 10;

/** How a run plays the user: the mode, and for `simulated` the simulator's model and turn cap. */
export const SimulatedUserOptions = z.object({
  /** Default: scripted when a task recorded user turns after its first, else single. */
  userMode: z.enum(USER_MODES).optional(),
  /** The simulated user's model id (default: the run's model); only with `userMode: simulated`. */
  userModel: z.string().min(1).max(200).optional(),
  /** The simulated user's most messages per rollout (default 10); only with `userMode: simulated`. */
  maxUserTurns: z.number().int().min(1).max(50).optional(),
});

/** Zod refinement: the simulator's settings only make sense with a simulated user. */
export const simulatorSettingsNeedSimulatedUser = [
  (v: z.infer<typeof SimulatedUserOptions>) =>
    v.userMode === 'simulated' || (v.userModel === undefined && v.maxUserTurns === undefined),
  { message: 'userModel and maxUserTurns apply only with userMode "simulated"' },
] as const;

export type Simulator = RolloutModel & { maxTurns: number };

/** The simulated user's model for a batch (the agent's unless another is named); none otherwise. */
export async function resolveSimulator(
  ctx: Ctx,
  options: z.infer<typeof SimulatedUserOptions>,
  agentModel: RolloutModel,
): Promise<Simulator | undefined> {
  if (options.userMode !== 'simulated') {
    return undefined;
  }
  const model =
    options.userModel && options.userModel !== agentModel.modelId
      ? await resolveRolloutModel(ctx, { modelId: options.userModel })
      : agentModel;
  return { ...model, maxTurns: options.maxUserTurns ?? DEFAULT_MAX_USER_TURNS };
}
