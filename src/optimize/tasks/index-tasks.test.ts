import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobs, taskMetadata, taskSimilarTraces, traces } from '@/db/schema';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { tauBenchFile } from '../testing/shared-data';
import { indexTasks } from './index-tasks';
import { MAX_MESSAGE_CHARS } from './user-turns';

const world = ctxWorld();

const chat = (id: string, ...turns: (string | null)[]) =>
  parseChatTranscript({
    id,
    messages: [
      { role: 'system', content: 'You are a helpful travel agent.' },
      ...turns.flatMap((t) =>
        t === null
          ? []
          : [
              { role: 'user', content: t },
              { role: 'assistant', content: 'Sure.' },
            ],
      ),
      ...(turns.every((t) => t === null) ? [{ role: 'assistant', content: 'Hello?' }] : []),
    ],
  });

const tasksOf = () =>
  world.ctx.db
    .select()
    .from(taskMetadata)
    .where(eq(taskMetadata.workspaceId, world.ctx.workspaceId));
const similarOf = (traceId: string) =>
  world.ctx.db
    .select()
    .from(taskSimilarTraces)
    .where(
      and(
        eq(taskSimilarTraces.workspaceId, world.ctx.workspaceId),
        eq(taskSimilarTraces.traceId, traceId),
      ),
    )
    .orderBy(taskSimilarTraces.rank);

describe('tasks index', () => {
  it('is queued after ingest, one job per window', async () => {
    await ingestTraces(world.ctx, { traces: [chat('a', 'Cancel my booking')] });
    await ingestTraces(world.ctx, { traces: [chat('b', 'Book a flight')] });
    const queued = await world.ctx.db.select().from(jobs).where(eq(jobs.type, 'tasks.index'));
    expect(queued.length).toBeGreaterThanOrEqual(1);
    expect(queued.length).toBeLessThanOrEqual(2);
    expect(queued.every((j) => j.runAt.getTime() > Date.now())).toBe(true);
  });

  it('skips traces with no user message with a reason, caps long messages, reports duplicates', async () => {
    await ingestTraces(world.ctx, {
      traces: [
        chat('silent', null),
        chat('long', `Please help ${'x'.repeat(MAX_MESSAGE_CHARS + 500)}`),
        chat('first', 'Cancel my booking to Rome'),
        chat('again', 'Cancel my booking to Rome'),
      ],
    });
    const result = await indexTasks(world.ctx, {});
    const ids = Object.fromEntries(
      (await world.ctx.db.select().from(traces)).map((t) => [t.externalId, t.id]),
    );
    expect(result.skipped).toEqual([{ traceId: ids.silent, reason: 'no user message' }]);
    expect(result.truncatedMessages).toBe(1);
    expect(result.tasksCreated).toBe(2);
    expect(result.duplicateCount).toBe(1);
    const tasks = await tasksOf();
    const kept = tasks.find((t) => t.traceId === ids.first || t.traceId === ids.again);
    expect(result.duplicates[0]?.duplicateOf).toBe(kept?.id);
    const long = tasks.find((t) => t.traceId === ids.long);
    expect(long?.userTurns[0]).toMatch(/…\[truncated 5\d\d characters\]$/);
    expect(long?.userTurns[0]?.length).toBeLessThan(MAX_MESSAGE_CHARS + 50);
  });

  it('finds similar traces in non-Latin text, and ranks incrementally as traces arrive', async () => {
    await ingestTraces(world.ctx, {
      traces: [
        chat('zh1', '我想取消我的航班预订'),
        chat('zh2', '请帮我取消航班预订'),
        chat('ru', 'Хочу забронировать отель в Москве'),
        chat('emoji', '👍👍'),
      ],
    });
    const first = await indexTasks(world.ctx, {});
    expect(first).toMatchObject({ traces: 4, tasksCreated: 4, skippedCount: 0 });
    const ids = Object.fromEntries(
      (await world.ctx.db.select().from(traces)).map((t) => [t.externalId, t.id]),
    );
    expect((await similarOf(ids.zh1 as string))[0]).toMatchObject({
      similarTraceId: ids.zh2,
      rank: 1,
    });
    expect(await indexTasks(world.ctx, {})).toMatchObject({ traces: 0 });

    await ingestTraces(world.ctx, {
      traces: [chat('ru2', 'Забронировать отель в Москве, пожалуйста')],
    });
    const second = await indexTasks(world.ctx, {});
    expect(second.traces).toBe(1);
    expect((await similarOf(ids.ru as string))[0]?.similarTraceId).not.toBe(ids.zh1);
    const ru2 = (await world.ctx.db.select().from(traces).where(eq(traces.externalId, 'ru2')))[0];
    expect((await similarOf(ids.ru as string))[0]?.similarTraceId).toBe(ru2?.id);
  });

  it.skipIf(!tauBenchFile)(
    'extracts the 200 tau-bench tasks, ranks 10 similar traces each and clusters by task',
    async () => {
      const records = JSON.parse(readFileSync(tauBenchFile as string, 'utf8')) as {
        task_id: number;
      }[];
      await ingestTraces(world.ctx, { traces: records.map((r) => parseChatTranscript(r)) });
      const result = await indexTasks(world.ctx, {});
      expect(result).toMatchObject({
        traces: 200,
        tasksCreated: 200,
        skippedCount: 0,
        duplicateCount: 0,
      });
      const rows = await world.ctx.db.select().from(traces);
      const taskIdOf = new Map(rows.map((t) => [t.id, String(t.metadata.task_id)]));
      const links = await world.ctx.db.select().from(taskSimilarTraces);
      const byTrace = new Map<string, typeof links>();
      for (const l of links) {
        byTrace.set(l.traceId, [...(byTrace.get(l.traceId) ?? []), l]);
      }
      expect(byTrace.size).toBe(200);
      expect([...byTrace.values()].every((l) => l.length === 10)).toBe(true);
      let hits = 0;
      for (const [traceId, list] of byTrace) {
        hits += list
          .filter((l) => l.rank <= 3)
          .filter((l) => taskIdOf.get(l.similarTraceId) === taskIdOf.get(traceId)).length;
      }
      expect(hits / 600).toBeGreaterThanOrEqual(0.88);
      const tasks = await tasksOf();
      const clusterTaskIds = new Map<string, Set<string>>();
      for (const t of tasks) {
        const set = clusterTaskIds.get(t.clusterId as string) ?? new Set();
        set.add(taskIdOf.get(t.traceId as string) as string);
        clusterTaskIds.set(t.clusterId as string, set);
      }
      expect(clusterTaskIds.size).toBe(50);
      expect([...clusterTaskIds.values()].every((s) => s.size === 1)).toBe(true);
    },
  );
});
