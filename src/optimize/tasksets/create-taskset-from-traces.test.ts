import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { agents, tasksetTasks, traces } from '@/db/schema';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { indexTasks } from '../tasks/index-tasks';
import { tauBenchFile } from '../testing/shared-data';
import { createTasksetFromTraces } from './create-taskset-from-traces';

let records: unknown[] = [];
beforeAll(() => {
  records = tauBenchFile ? (JSON.parse(readFileSync(tauBenchFile, 'utf8')) as unknown[]) : [];
});

const world = ctxWorld();
let agentId: string;
let taskIdOf: Map<string, string>;
beforeEach(async () => {
  if (!tauBenchFile) {
    return;
  }
  await ingestTraces(world.ctx, { traces: records.map((r) => parseChatTranscript(r)) });
  await indexTasks(world.ctx, {});
  agentId = ((await world.ctx.db.select().from(agents))[0] as { id: string }).id;
  taskIdOf = new Map(
    (await world.ctx.db.select().from(traces)).map((t) => [t.id, String(t.metadata.task_id)]),
  );
});

const tasksOf = (tasksetId: string) =>
  world.ctx.db.select().from(tasksetTasks).where(eq(tasksetTasks.tasksetId, tasksetId));

describe.skipIf(!tauBenchFile)('tasksets from traces (tau-bench)', () => {
  it('takes one task per cluster: one per tau-bench task id', async () => {
    const { taskset, duplicates } = await createTasksetFromTraces(world.ctx, {
      agentId,
      name: 'one per task',
      perCluster: true,
    });
    expect(duplicates).toEqual([]);
    const tasks = await tasksOf(taskset.id);
    expect(tasks).toHaveLength(50);
    expect(new Set(tasks.map((t) => taskIdOf.get(t.sourceTraceId as string))).size).toBe(50);
    expect(tasks.every((t) => t.taskMetadataId && t.clusterId && t.userTurns.length > 0)).toBe(
      true,
    );
    expect(taskset.source).toBe('traces');
  });

  it('splits all runs by cluster: no task straddles splits; the seed decides the split', async () => {
    const make = async (name: string, seed: number) => {
      const { taskset } = await createTasksetFromTraces(world.ctx, {
        agentId,
        name,
        split: { seed },
      });
      return new Map((await tasksOf(taskset.id)).map((t) => [t.sourceTraceId as string, t.split]));
    };
    const a = await make('a', 1);
    expect(a.size).toBe(200);
    const splitsOfTask = new Map<string, Set<string>>();
    for (const [traceId, split] of a) {
      const id = taskIdOf.get(traceId) as string;
      splitsOfTask.set(id, (splitsOfTask.get(id) ?? new Set()).add(split as string));
    }
    expect([...splitsOfTask.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set(a.values())).toEqual(new Set(['train', 'val', 'test']));
    expect(await make('b', 1)).toEqual(a);
    expect(await make('c', 2)).not.toEqual(a);
  });

  it('filters by label, negatives first, and answers 422 when nothing matches', async () => {
    const [first, second] = [...taskIdOf.keys()].sort();
    await world.ctx.db
      .update(traces)
      .set({ label: 'negative' })
      .where(eq(traces.id, first as string));
    await world.ctx.db
      .update(traces)
      .set({ label: 'positive' })
      .where(eq(traces.id, second as string));
    const { taskset } = await createTasksetFromTraces(world.ctx, {
      agentId,
      name: 'labelled',
      filter: { traceIds: [first as string, second as string] },
    });
    expect(
      (await tasksOf(taskset.id))
        .sort((x, y) => x.position - y.position)
        .map((t) => t.sourceTraceId),
    ).toEqual([first, second]);
    const negatives = await createTasksetFromTraces(world.ctx, {
      agentId,
      name: 'neg',
      filter: { label: 'negative' },
    });
    expect(negatives.added).toBe(1);
    const none = await createTasksetFromTraces(world.ctx, {
      agentId,
      name: 'none',
      filter: { from: '2100-01-01T00:00:00Z' },
    }).catch((e: unknown) => e);
    expect(isAppError(none) && none.code).toBe('UNPROCESSABLE');
  });
});
