import { and, eq, inArray, sql } from 'drizzle-orm';
import { maxParamsOf } from '@/db/chunk';
import type { Db } from '@/db/client';
import { evalLlmCache } from '@/db/schema';
import type { LlmCache, LlmCacheEntry } from './llm-cache';

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
      return toEntry(row);
    },
    async getMany(keys) {
      const found = new Map<string, LlmCacheEntry>();
      // the workspace and the time are bound too (D1: 98 keys a statement; SQLite: all at once)
      const perRead = Math.max(1, Math.min(maxParamsOf(db) - 2, 5000));
      for (let i = 0; i < keys.length; i += perRead) {
        const some = keys.slice(i, i + perRead);
        const inSome = and(
          eq(evalLlmCache.workspaceId, workspaceId),
          inArray(evalLlmCache.key, some),
        );
        const rows = await db.select().from(evalLlmCache).where(inSome);
        if (rows.length > 0) {
          await db
            .update(evalLlmCache)
            .set({ hitCount: sql`${evalLlmCache.hitCount} + 1`, lastHitAt: now() })
            .where(inSome);
        }
        for (const row of rows) {
          found.set(row.key, toEntry(row));
        }
      }
      return found;
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

function toEntry(row: typeof evalLlmCache.$inferSelect): LlmCacheEntry {
  return {
    text: row.response,
    model: row.model,
    usage: row.usage,
    costUsd: row.costUsd ?? undefined,
    createdAt: row.createdAt.toISOString(),
  };
}
