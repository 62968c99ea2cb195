import { z } from '@hono/zod-openapi';
import { AppError } from '@/core/errors';
import { keyedService } from '@/core/service';
import { SPLITS } from '@/db/schema';
import { createTasksetRun } from '@/optimize/runs/create-taskset-run';
import { getIterationOrThrow } from '@/optimize/runs/run-iteration';
import { getTasksetOrThrow } from '@/optimize/tasksets/get-taskset-or-throw';
import { getSessionOrThrow } from './get-session-or-throw';
import { ModelConfig } from './session-input';

export const SessionTasksetRunInput = z
  .strictObject({
    tasksetId: z.string().min(1).max(200),
    split: z.enum(SPLITS).optional(),
    /** Run this prompt iteration of the agent (e.g. an improve proposal) instead of the session's prompt. */
    iterationId: z.string().min(1).max(200).optional(),
    k: z.number().int().min(1).max(50).optional(),
    parallel: z.number().int().min(1).max(64).optional(),
  })
  .openapi('SessionTasksetRunInput');

/**
 * A taskset run of the session's prompt (its draft, else its version) or of one iteration's text,
 * with the session's model settings (an iteration's status then follows the run). UNPROCESSABLE when the taskset is another agent's.
 */
export const runSessionOnTaskset = keyedService(
  SessionTasksetRunInput,
  async (ctx, sessionId, data) => {
    const session = await getSessionOrThrow(ctx, sessionId);
    const taskset = await getTasksetOrThrow(ctx, data.tasksetId);
    if (!session.agentId || taskset.agentId !== session.agentId) {
      throw new AppError(
        'UNPROCESSABLE',
        `taskset ${taskset.id} holds tasks of another agent than this session's`,
      );
    }
    const iteration = data.iterationId
      ? await getIterationOrThrow(ctx, session.agentId, data.iterationId)
      : null;
    const target = iteration
      ? { promptIterationId: iteration.id }
      : session.draftPrompt !== null
        ? { promptText: session.draftPrompt }
        : { agentVersionId: session.agentVersionId ?? undefined };
    const { model, temperature } = ModelConfig.parse(session.modelConfig);
    return createTasksetRun(ctx, {
      tasksetId: taskset.id,
      ...target,
      ...(data.split ? { split: data.split } : {}),
      ...(data.k ? { k: data.k } : {}),
      ...(data.parallel ? { parallel: data.parallel } : {}),
      ...(model ? { model } : {}),
      ...(temperature === undefined ? {} : { temperature }),
    });
  },
);
