import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { taskMetadata, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { canonicalArguments } from './canonical-arguments';
import { loadRecordedCalls, loadReplayIndex, replayScopeOf } from './load-replay-index';
import { createReplayIndex, type RecordedCall } from './replay-index';
import { importTranscripts, transcript } from './testing/transcripts';

describe('canonicalArguments', () => {
  it('sorts keys, trims strings, normalises numbers and drops nulls, at every depth', () => {
    const a = canonicalArguments({ b: 1.0, a: ' x ', c: null, d: [{ z: 2, y: null }, null] });
    const b = canonicalArguments('{"d":[{"z":2.00},null],"a":"x","b":1}');
    expect(a).toBe('{"a":"x","b":1,"d":[{"z":2},null]}');
    expect(b).toBe(a);
    expect(canonicalArguments({ n: -0 })).toBe('{"n":0}');
    expect(canonicalArguments('not json ')).toBe('"not json"');
    expect(canonicalArguments({ a: 'X' })).not.toBe(canonicalArguments({ a: 'x' }));
  });
});

const call = (
  traceId: string,
  args: unknown,
  result: unknown,
  name = 'get_user',
): RecordedCall => ({
  traceId,
  name,
  arguments: args,
  result,
  error: null,
});

describe('createReplayIndex', () => {
  const index = createReplayIndex([
    call('t1', { id: 'a' }, 'from t1'),
    call('t2', { id: 'a' }, 'from t2'),
    call('t3', { id: 'a' }, 'from t3'),
    call('t3', { id: 'b' }, null),
    { ...call('t4', { id: 'c' }, null), error: 'user not found' },
  ]);

  it('looks in the source trace, then its cluster, then any trace', () => {
    const cluster = new Set(['t2', 't3']);
    expect(
      index.lookup('get_user', { id: ' a' }, { sourceTraceId: 't3', clusterTraceIds: cluster }),
    ).toMatchObject({ scope: 'source', traceId: 't3', result: 'from t3' });
    expect(
      index.lookup('get_user', { id: 'a' }, { sourceTraceId: 't9', clusterTraceIds: cluster }),
    ).toMatchObject({ scope: 'cluster', traceId: 't2', result: 'from t2' });
    expect(index.lookup('get_user', { id: 'a' })).toMatchObject({ scope: 'any', traceId: 't1' });
  });

  it('misses other tools and other arguments; replays recorded errors, never calls without a result', () => {
    expect(index.lookup('get_order', { id: 'a' })).toBeNull();
    expect(index.lookup('get_user', { id: 'A' })).toBeNull();
    expect(index.lookup('get_user', { id: 'b' })).toBeNull();
    expect(index.lookup('get_user', { id: 'c' })).toMatchObject({ error: 'user not found' });
    expect(index.size).toBe(4);
  });
});

const world = ctxWorld();

describe('loadReplayIndex', () => {
  it("indexes the agent's stored traces, not rollouts, and scopes a task to its cluster", async () => {
    const { agentId, byExternal } = await importTranscripts(world.ctx, [
      transcript('t1', 'mia'),
      transcript('t2', 'mia', { note: null }),
      transcript('t3', 'noah'),
      transcript('rollout', 'ava'),
    ]);
    const ids = Object.fromEntries(Object.entries(byExternal).map(([k, v]) => [k, v.id]));
    await world.deps.db
      .update(traces)
      .set({ source: 'taskset' })
      .where(eq(traces.id, ids.rollout ?? ''));
    const index = await loadReplayIndex(world.ctx, agentId);
    expect(index.size).toBe(3);
    expect(index.lookup('get_user', { user_id: 'ava' })).toBeNull();
    expect(index.lookup('get_user', { user_id: 'noah' })).toMatchObject({
      scope: 'any',
      result: { name: 'name of noah' },
    });

    await world.deps.db.insert(taskMetadata).values(
      ['t1', 't2', 't3'].map((t) => ({
        id: `task-${t}`,
        workspaceId: world.ctx.workspaceId,
        traceId: ids[t] ?? '',
        agentId,
        kind: 'tool_using' as const,
        clusterId: t === 't3' ? 'c-noah' : 'c-mia',
      })),
    );
    const scope = await replayScopeOf(world.ctx, ids.t1 ?? '');
    expect([...(scope.clusterTraceIds ?? [])].sort()).toEqual([ids.t1, ids.t2].sort());
    const fromT3 = await replayScopeOf(world.ctx, ids.t3 ?? '');
    expect(index.lookup('get_user', { user_id: 'mia' }, fromT3)).toMatchObject({ scope: 'any' });
    const hit = index.lookup(
      'get_user',
      { user_id: 'mia', note: null },
      await replayScopeOf(world.ctx, ids.t2 ?? ''),
    );
    expect(hit).toMatchObject({ scope: 'source', traceId: ids.t2 });
    expect(await replayScopeOf(world.ctx, 'trace-without-task')).toEqual({
      sourceTraceId: 'trace-without-task',
    });
  });

  it("reads nothing of another workspace's agent", async () => {
    const { agentId } = await importTranscripts(world.ctx, [transcript('t1', 'mia')]);
    const ws2 = await createTestWorkspace(world.deps, 'Other');
    const other = { ...world.ctx, workspaceId: ws2.id };
    expect(await loadRecordedCalls(other, agentId)).toEqual([]);
  });
});
