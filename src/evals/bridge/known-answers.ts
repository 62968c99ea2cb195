import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import type { BridgeAnswer } from '@/core/ports/sandbox';
import { inWorkspace } from '@/db/in-workspace';
import { evalExecutions, evalLlmCache, type KeptQuestion } from '@/db/schema';
import { type Bridge, fromCache } from './answer-questions';
import { keyTag } from './question-keys';

/**
 * What the traces of a page asked this version on its last run (under this run's key tag) and the
 * cache's answers to them, in one statement: executions × their kept questions × the cache. Given
 * to the sandbox by question id up front, a cached re-run runs each trace once, sends no question
 * text and hashes nothing. A kept question the cache lost is asked again by its trace.
 */
export async function knownAnswers(ctx: Ctx, bridge: Bridge, evalId: string, traceIds: string[]) {
  const asked = sql`json_each(${evalExecutions.questions}, '$.asked')`;
  const rows = await ctx.db
    .select({
      traceId: evalExecutions.traceId,
      kept: sql<string>`"asked"."value"`,
      text: evalLlmCache.response,
      costUsd: evalLlmCache.costUsd,
    })
    .from(evalExecutions)
    .innerJoin(sql`${asked} as "asked"`, sql`1`)
    .leftJoin(
      evalLlmCache,
      and(
        eq(evalLlmCache.workspaceId, evalExecutions.workspaceId),
        eq(evalLlmCache.key, sql`json_extract("asked"."value", '$.key')`),
      ),
    )
    .where(
      inWorkspace(ctx, evalExecutions, [
        eq(evalExecutions.evalId, evalId),
        inArray(evalExecutions.traceId, traceIds),
        sql`json_extract(${evalExecutions.questions}, '$.tag') = ${await keyTag(bridge)}`,
      ]),
    );
  const byTrace = new Map<string, KeptQuestion[]>();
  const answers = new Map<string, BridgeAnswer>();
  for (const row of rows) {
    const kept = JSON.parse(row.kept) as Partial<KeptQuestion>;
    if (typeof kept.id !== 'string' || !kept.q || typeof kept.key !== 'string') {
      continue; // kept before questions had ids: the trace asks it again
    }
    byTrace.set(row.traceId, [...(byTrace.get(row.traceId) ?? []), kept as KeptQuestion]);
    bridge.keys.set(kept.id, kept.key);
    if (row.text !== null && !answers.has(kept.id)) {
      const reply = fromCache(bridge, kept.q, {
        text: row.text,
        costUsd: row.costUsd ?? undefined,
      });
      if (reply.ok) {
        answers.set(kept.id, { id: kept.id, a: reply.answer });
      }
    }
  }
  return { byTrace, answers: [...answers.values()] };
}
