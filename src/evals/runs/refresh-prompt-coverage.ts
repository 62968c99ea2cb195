import { eq, isNotNull, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { chunkRows } from '@/db/chunk';
import { deleteInWorkspace, inWorkspace } from '@/db/in-workspace';
import { evalExecutions, evalPromptCoverage, traces } from '@/db/schema';

/** Recomputes, in SQL, how an eval version behaves on the traces of each system prompt. */
export async function refreshPromptCoverage(ctx: Ctx, evalId: string): Promise<void> {
  const agreedCase = sql<number>`sum(case when (${traces.label} = 'positive' and ${evalExecutions.status} = 'pass') or (${traces.label} = 'negative' and ${evalExecutions.status} = 'fail') then 1 else 0 end)`;
  const rows = await ctx.db
    .select({
      systemPromptId: traces.systemPromptId,
      executions: sql<number>`count(*)`,
      passes: sql<number>`sum(case when ${evalExecutions.status} = 'pass' then 1 else 0 end)`,
      fails: sql<number>`sum(case when ${evalExecutions.status} = 'fail' then 1 else 0 end)`,
      errors: sql<number>`sum(case when ${evalExecutions.status} = 'error' then 1 else 0 end)`,
      labelled: sql<number>`sum(case when ${traces.label} in ('positive', 'negative') and ${evalExecutions.status} != 'error' then 1 else 0 end)`,
      agreed: agreedCase,
    })
    .from(evalExecutions)
    .innerJoin(traces, eq(traces.id, evalExecutions.traceId))
    .where(
      inWorkspace(ctx, evalExecutions, [
        eq(evalExecutions.evalId, evalId),
        isNotNull(traces.systemPromptId),
      ]),
    )
    .groupBy(traces.systemPromptId);
  const now = ctx.now();
  const values = rows.map((r) => ({
    workspaceId: ctx.workspaceId,
    evalId,
    systemPromptId: r.systemPromptId as string,
    executions: Number(r.executions),
    passes: Number(r.passes),
    fails: Number(r.fails),
    errors: Number(r.errors),
    labelled: Number(r.labelled),
    agreed: Number(r.agreed),
    agreement: Number(r.labelled) > 0 ? Number(r.agreed) / Number(r.labelled) : null,
    updatedAt: now,
  }));
  await ctx.db.batch([
    deleteInWorkspace(ctx, evalPromptCoverage, [eq(evalPromptCoverage.evalId, evalId)]),
    ...chunkRows(ctx.db, values, evalPromptCoverage).map((chunk) =>
      ctx.db.insert(evalPromptCoverage).values(chunk),
    ),
  ]);
}
