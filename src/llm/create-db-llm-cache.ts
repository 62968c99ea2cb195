import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { evalLlmCache } from '@/db/schema';
import type { LlmCache } from './llm-cache';

/** The LLM response cache on `eval_llm_cache`, scoped to one workspace; hits are counted. */
export function createDbLlmCache(db: Db, workspaceId: string, now = () => new Date()): LlmCache {
  const where = (key: string) =>
    and(eq(evalLlmCache.workspaceId, workspaceId), eq(evalLlmCache.key, key));
  return {
    async get(key) {
      const [row] = await db.select().from(evalLlmCache).where(where(key)).limit(1);
      if (!row) {
        return null;
      }
      await db
        .update(evalLlmCache)
        .set({ hitCount: sql`${evalLlmCache.hitCount} + 1`, lastHitAt: now() })
        .where(where(key));
      return {
        text: row.response,
        model: row.model,
        usage: row.usage,
        costUsd: row.costUsd ?? undefined,
        createdAt: row.createdAt.toISOString(),
      };
    },
    async put(key, entry) {
      await db
        .insert(evalLlmCache)
        .values({
          workspaceId,
          key,
          model: entry.model,
          response: entry.text,
          usage: entry.usage,
          costUsd: entry.costUsd ?? null,
          createdAt: new Date(entry.createdAt),
        })
        .onConflictDoNothing();
    },
  };
}
