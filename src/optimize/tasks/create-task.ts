import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import { assertCanWrite } from '@/auth/assert-role';
import { service } from '@/core/service';
import { selectInWorkspace } from '@/db/in-workspace';
import { taskMetadata } from '@/db/schema';
import { TaskExpectationsInput, taskContentHash } from '../tasksets/task-input';
import { getTaskOrThrow } from './get-task-or-throw';
import { toTaskViews } from './list-tasks';
import type { TaskView } from './task-views';
import { capText, MAX_USER_TURNS } from './user-turns';

/** Messages longer than this are refused (the API's body limit is the other guard). */
const MAX_INPUT_CHARS = 100_000;

export const CreateTaskInput = z
  .strictObject({
    agentId: z.string().min(1).max(100),
    userMessage: z.string().max(MAX_INPUT_CHARS).default(''),
    userTurns: z.array(z.string().max(MAX_INPUT_CHARS)).max(MAX_USER_TURNS).optional(),
    variables: z.record(z.string().max(100), z.string().max(MAX_INPUT_CHARS)).optional(),
    expectations: TaskExpectationsInput.pick({
      output: true,
      actions: true,
      criteria: true,
    }).optional(),
  })
  .refine((t) => t.userMessage.trim() !== '' || (t.userTurns ?? []).some((u) => u.trim() !== ''), {
    message: 'a task needs a userMessage or userTurns',
  })
  .openapi('CreateTaskInput');
export type CreateTaskInput = z.input<typeof CreateTaskInput>;

export type CreateTaskResult = {
  created: boolean;
  /** The task it repeats (same user side and variables); nothing was inserted. */
  duplicateOf: string | null;
  task: TaskView;
};

/**
 * Writes a task by hand for an agent. Messages over the size cap are cut with a marker. A task
 * with the same user side and variables as one the agent has is reported, not inserted.
 */
export const createTask = service(
  CreateTaskInput,
  assertCanWrite,
  async (ctx, parsed): Promise<CreateTaskResult> => {
    await getAgentOrThrow(ctx, parsed.agentId);
    const turns = (parsed.userTurns ?? [parsed.userMessage])
      .filter((t) => t.trim() !== '')
      .map((t) => capText(t).text);
    const first = parsed.userMessage.trim()
      ? capText(parsed.userMessage).text
      : (turns[0] as string);
    const variables = parsed.variables ?? {};
    const contentHash = taskContentHash({ userMessage: first, userTurns: turns, variables });
    const [same] = await selectInWorkspace(ctx, taskMetadata, { id: taskMetadata.id }, [
      eq(taskMetadata.agentId, parsed.agentId),
      eq(taskMetadata.contentHash, contentHash),
    ]).limit(1);
    const id = same?.id ?? ctx.newId('task');
    if (!same) {
      const actions = parsed.expectations?.actions ?? null;
      const now = ctx.now();
      await ctx.db.insert(taskMetadata).values({
        id,
        workspaceId: ctx.workspaceId,
        traceId: null,
        agentId: parsed.agentId,
        firstUserMessage: first,
        userTurns: turns,
        variables,
        expectedOutput: parsed.expectations?.output ?? null,
        expectedActions: actions,
        successCriteria: parsed.expectations?.criteria ?? [],
        kind:
          (actions?.length ?? 0) > 0
            ? 'tool_using'
            : turns.length > 1
              ? 'multi_turn'
              : 'single_turn',
        contentHash,
        createdAt: now,
        updatedAt: now,
      });
    }
    const [task] = await toTaskViews(ctx, [{ task: await getTaskOrThrow(ctx, id), label: null }]);
    return { created: !same, duplicateOf: same?.id ?? null, task: task as TaskView };
  },
);
