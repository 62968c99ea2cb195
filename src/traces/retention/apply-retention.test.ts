import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import {
  agents,
  evalCandidateExecutions,
  evalCandidates,
  spans,
  tasksets,
  tasksetTasks,
  traces,
  workspaces,
} from '@/db/schema';
import type { WorkspaceSettings } from '@/db/schema/workspaces';
import { createTestWorkspace } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { ingestTraces } from '../ingest/ingest-traces';
import { traceRowId } from '../ingest/span-rows';
import { emptySpan, emptyTrace, type NormalisedTrace } from '../normalised-trace';
import { getTrace } from '../query/get-trace';
import { applyRetention } from './apply-retention';

/** Issue #24: per-workspace retention of span payloads and whole traces. */
const world = ctxWorld();
const DAY = 86_400_000;

function trace(id: string, daysAgo: number, labelled = false): NormalisedTrace {
  const t = emptyTrace('api', id);
  const llm = emptySpan('llm', 'assistant', Date.now() - daysAgo * DAY);
  llm.kind = 'LLM';
  llm.endTime = llm.startTime + 1000;
  llm.inputMessages = [
    { role: 'system', content: 'You are the refunds agent of a shop with a long policy.' },
    { role: 'user', content: `Where is my refund for order ${id}?` },
  ];
  llm.outputMessages = [{ role: 'assistant', content: `Order ${id} was refunded yesterday.` }];
  llm.attributes = { 'llm.raw_request': 'x'.repeat(500) };
  llm.events = [{ name: 'log', time: llm.startTime, attributes: { line: 'y'.repeat(100) } }];
  t.spans = [llm];
  t.label = labelled ? { rating: 'positive', notes: null } : null;
  return t;
}

const ids = async () =>
  (
    await world.deps.db.select({ id: traces.externalId }).from(traces).orderBy(traces.externalId)
  ).map((r) => r.id);
const retain = (retention: NonNullable<WorkspaceSettings['retention']>) =>
  world.deps.db
    .update(workspaces)
    .set({ settings: { retention } })
    .where(eq(workspaces.id, world.ctx.workspaceId));

/** The workspace and agent of the first agent row, for rows that belong to an agent. */
const ofFirstAgent = async () => {
  const [agent] = await world.deps.db.select().from(agents);
  return { workspaceId: world.ctx.workspaceId, agentId: agent!.id };
};

beforeEach(async () => {
  await ingestTraces(world.ctx, {
    traces: [
      trace('old', 40),
      trace('old-labelled', 40, true),
      trace('old-in-taskset', 40),
      trace('recent', 3),
    ],
  });
  await world.deps.db.insert(tasksets).values({
    id: 'ts_1',
    ...(await ofFirstAgent()),
    name: 'refunds',
    source: 'traces',
  });
  await world.deps.db.insert(tasksetTasks).values({
    id: 'tt_1',
    workspaceId: world.ctx.workspaceId,
    tasksetId: 'ts_1',
    sourceTraceId: traceRowId(world.ctx.workspaceId, 'api', 'old-in-taskset'),
    userMessage: 'Where is my refund?',
    contentHash: 'hash_tt_1',
  });
  // another workspace with no retention keeps everything
  const other = createSystemCtx(world.deps, (await createTestWorkspace(world.deps, 'other')).id);
  await ingestTraces(other, { traces: [trace('other-old', 40)] });
});

describe('applyRetention', () => {
  it('deletes traces older than traceDays except labelled ones and those a task was made from', async () => {
    await retain({ traceDays: 30 });
    const [result] = await applyRetention(world.deps);
    expect(result).toMatchObject({ workspaceId: world.ctx.workspaceId, tracesDeleted: 1 });
    expect(await ids()).toEqual(['old-in-taskset', 'old-labelled', 'other-old', 'recent']);
    expect(
      (
        await world.deps.db
          .select()
          .from(agents)
          .where(eq(agents.workspaceId, world.ctx.workspaceId))
      )[0]?.traceCount,
    ).toBe(3);
  });

  it('keeps the traces an eval generation ran its candidates on', async () => {
    await ingestTraces(world.ctx, { traces: [trace('old-trained', 40)] });
    await world.deps.db.insert(evalCandidates).values({
      id: 'cand_1',
      ...(await ofFirstAgent()),
      generationId: 'gen_1',
      generator: 'synthesiser',
      code: 'pass',
      codeHash: 'hash_cand_1',
    });
    await world.deps.db.insert(evalCandidateExecutions).values({
      id: 'cex_1',
      workspaceId: world.ctx.workspaceId,
      candidateId: 'cand_1',
      traceId: traceRowId(world.ctx.workspaceId, 'api', 'old-trained'),
      status: 'pass',
    });
    await retain({ traceDays: 30, spanPayloadDays: 30 });
    expect((await applyRetention(world.deps))[0]).toMatchObject({
      tracesDeleted: 1,
      tracesTrimmed: 0,
    });
    expect(await ids()).toEqual([
      'old-in-taskset',
      'old-labelled',
      'old-trained',
      'other-old',
      'recent',
    ]);
  });

  it('deletes the kept ones too when asked', async () => {
    await retain({ traceDays: 30, includeKept: true });
    await applyRetention(world.deps);
    expect(await ids()).toEqual(['other-old', 'recent']);
  });

  it('drops span payloads of old traces and keeps their eval view, idempotently', async () => {
    const id = traceRowId(world.ctx.workspaceId, 'api', 'old');
    const before = await getTrace(world.ctx, { id });
    await retain({ spanPayloadDays: 30 });
    expect((await applyRetention(world.deps))[0]).toMatchObject({ tracesTrimmed: 1 });
    const after = await getTrace(world.ctx, { id });
    expect(after.evalView).toEqual(before.evalView);
    expect(after.spans[0]?.events).toEqual([]);
    expect(after.spans[0]?.attributes['llm.raw_request']).toBeUndefined();
    expect(after.spans[0]?.attributes['iofold.normalised']).toEqual(
      before.spans[0]?.attributes['iofold.normalised'],
    );
    const recent = await getTrace(world.ctx, {
      id: traceRowId(world.ctx.workspaceId, 'api', 'recent'),
    });
    expect(recent.spans[0]?.attributes['llm.raw_request']).toBe('x'.repeat(500));
    expect((await applyRetention(world.deps))[0]).toMatchObject({ tracesTrimmed: 0 });
    expect(await world.deps.db.select().from(spans)).toHaveLength(5);
  });
});
