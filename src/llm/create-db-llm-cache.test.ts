import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { LlmProvider, LlmResult } from '@/core/ports/llm-provider';
import { evalLlmCache } from '@/db/schema';
import { createTestDb, createTestWorkspace } from '@/db/testing';
import { cachedProvider } from './cached-provider';
import { createDbLlmCache } from './create-db-llm-cache';

const handle = createTestDb();
afterAll(() => handle.close());

const entry = {
  text: 'def eval_x(trace): return True, "ok"',
  model: 'gpt-4o-mini',
  usage: { inputTokens: 120, outputTokens: 30 },
  costUsd: 0.0002,
  createdAt: '2026-01-02T03:04:05.000Z',
};

describe('createDbLlmCache', () => {
  it('stores and returns an entry, counting hits', async () => {
    const ws = await createTestWorkspace(handle);
    const cache = createDbLlmCache(handle.db, ws.id);
    expect(await cache.get('k1')).toBeNull();
    await cache.put('k1', entry);
    expect(await cache.get('k1')).toEqual(entry);
    await cache.get('k1');
    const [row] = await handle.db.select().from(evalLlmCache).where(eq(evalLlmCache.key, 'k1'));
    expect(row?.hitCount).toBe(2);
    expect(row?.lastHitAt).toBeInstanceOf(Date);
  });

  it('reads many keys at once across statements, counting each hit once, in its workspace only', async () => {
    const ws = await createTestWorkspace(handle);
    const other = await createTestWorkspace(handle, 'B');
    const cache = createDbLlmCache(handle.db, ws.id);
    const keys = Array.from({ length: 200 }, (_, i) => `many-${i}`);
    for (const key of keys.filter((_, i) => i % 2 === 0)) {
      await cache.put(key, { ...entry, text: key });
    }
    await createDbLlmCache(handle.db, other.id).put('many-1', entry);
    const found = await cache.getMany?.(keys);
    expect(found?.size).toBe(100);
    expect(found?.get('many-198')?.text).toBe('many-198');
    expect(found?.has('many-1')).toBe(false);
    const rows = await handle.db
      .select({ hitCount: evalLlmCache.hitCount })
      .from(evalLlmCache)
      .where(eq(evalLlmCache.workspaceId, ws.id));
    expect(rows.map((r) => r.hitCount)).toEqual(Array(100).fill(1));
  });

  it('keeps workspaces apart: another workspace never sees the entry', async () => {
    const a = await createTestWorkspace(handle, 'A');
    const b = await createTestWorkspace(handle, 'B');
    await createDbLlmCache(handle.db, a.id).put('shared-key', entry);
    expect(await createDbLlmCache(handle.db, b.id).get('shared-key')).toBeNull();
    await createDbLlmCache(handle.db, b.id).put('shared-key', { ...entry, text: 'b' });
    expect((await createDbLlmCache(handle.db, a.id).get('shared-key'))?.text).toBe(entry.text);
  });

  it('a second put of the same key is ignored, not an error', async () => {
    const ws = await createTestWorkspace(handle);
    const cache = createDbLlmCache(handle.db, ws.id);
    await cache.put('k', entry);
    await cache.put('k', { ...entry, text: 'later' });
    expect((await cache.get('k'))?.text).toBe(entry.text);
  });

  it('makes a re-run through cachedProvider free', async () => {
    const ws = await createTestWorkspace(handle);
    let calls = 0;
    const provider: LlmProvider = {
      id: 'fake',
      model: 'gpt-4o-mini',
      complete: async (): Promise<LlmResult> => {
        calls += 1;
        return {
          ok: true,
          text: 'answer',
          model: 'gpt-4o-mini',
          usage: entry.usage,
          latencyMs: 1,
          cached: false,
          costUsd: 0.5,
        };
      },
    };
    const request = { messages: [{ role: 'user' as const, content: 'generate' }] };
    const first = await cachedProvider(provider, createDbLlmCache(handle.db, ws.id)).complete(
      request,
    );
    const again = await cachedProvider(provider, createDbLlmCache(handle.db, ws.id)).complete(
      request,
    );
    expect(first).toMatchObject({ cached: false, costUsd: 0.5 });
    expect(again).toMatchObject({ ok: true, text: 'answer', cached: true, costUsd: 0 });
    expect(calls).toBe(1);
  });
});
