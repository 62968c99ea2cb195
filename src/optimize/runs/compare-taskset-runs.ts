import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { service } from '@/core/service';
import { selectInWorkspace } from '@/db/in-workspace';
import { tasksetRunResults } from '@/db/schema';
import { PairedTestView, pairedExactTest } from './paired-exact-test';
import { getTasksetRunOrThrow, TasksetRunView, toTasksetRunView } from './taskset-run-views';

export const CompareTasksetRunsQuery = z.object({
  a: z.string().min(1).max(200),
  b: z.string().min(1).max(200),
});

export const TasksetRunComparison = z
  .object({
    a: TasksetRunView,
    b: TasksetRunView,
    tasks: z.array(
      z.object({
        taskId: z.string(),
        a: z.number().nullable(),
        b: z.number().nullable(),
        difference: z
          .number()
          .nullable()
          .openapi({ description: 'b - a; null unless both scored' }),
      }),
    ),
    test: PairedTestView.openapi({
      description: 'Pairs: the tasks both runs scored; wins: b higher',
    }),
  })
  .openapi('TasksetRunComparison');
export type TasksetRunComparison = z.infer<typeof TasksetRunComparison>;

/**
 * Compares two runs task by task (b - a on the tasks both scored) with the exact sign test and
 * the sign-flip permutation test. NOT_FOUND for a run of another workspace.
 */
export const compareTasksetRuns = service(
  CompareTasksetRunsQuery,
  async (ctx, q): Promise<TasksetRunComparison> => {
    const [runA, runB] = await Promise.all([
      getTasksetRunOrThrow(ctx, q.a),
      getTasksetRunOrThrow(ctx, q.b),
    ]);
    const scoresOf = async (runId: string) =>
      new Map(
        (
          await selectInWorkspace(
            ctx,
            tasksetRunResults,
            { taskId: tasksetRunResults.taskId, score: tasksetRunResults.score },
            [eq(tasksetRunResults.runId, runId)],
          )
        ).map((r) => [r.taskId, r.score]),
      );
    const [scoresA, scoresB] = await Promise.all([scoresOf(runA.id), scoresOf(runB.id)]);
    const taskIds = [...new Set([...(runA.config.taskIds ?? []), ...(runB.config.taskIds ?? [])])];
    const tasks = taskIds.map((taskId) => {
      const a = scoresA.get(taskId) ?? null;
      const b = scoresB.get(taskId) ?? null;
      return { taskId, a, b, difference: a === null || b === null ? null : b - a };
    });
    return {
      a: await toTasksetRunView(ctx, runA),
      b: await toTasksetRunView(ctx, runB),
      tasks,
      test: pairedExactTest(tasks.flatMap((t) => (t.difference === null ? [] : [t.difference]))),
    };
  },
);
