import { asc, eq, gt, ne } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { taskMetadata, traces } from '@/db/schema';
import { readEvalView } from '@/traces/stored-eval-view';
import { recordedCalls } from './recorded-calls';
import {
  createReplayIndex,
  type RecordedCall,
  type ReplayIndex,
  type ReplayLookup,
} from './replay-index';

type Scoped = Pick<Ctx, 'db' | 'workspaceId'>;
const PAGE = 500;

/**
 * Every tool call recorded in an agent's traces, read in pages. Rollout traces (source
 * `taskset`) are left out, since their results may themselves be replayed or simulated.
 */
export async function loadRecordedCalls(ctx: Scoped, agentId: string): Promise<RecordedCall[]> {
  const calls: RecordedCall[] = [];
  let after = '';
  for (;;) {
    const page = await selectInWorkspace(ctx, traces, { id: traces.id, view: traces.evalView }, [
      eq(traces.agentId, agentId),
      ne(traces.source, 'taskset'),
      gt(traces.id, after),
    ])
      .orderBy(asc(traces.id))
      .limit(PAGE);
    for (const row of page) {
      calls.push(...recordedCalls(row.id, await readEvalView(row.view, ctx.db)));
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) {
      break;
    }
    after = last.id;
  }
  return calls;
}

/** The replay index of an agent's recorded tool calls. */
export async function loadReplayIndex(ctx: Scoped, agentId: string): Promise<ReplayIndex> {
  return createReplayIndex(await loadRecordedCalls(ctx, agentId));
}

/**
 * Where to look first when replaying for a task taken from `sourceTraceId`: that trace, then the
 * traces of its cluster (`task_metadata.cluster_id`, written by task extraction; none until a
 * trace has a cluster).
 */
export async function replayScopeOf(
  ctx: Scoped,
  sourceTraceId: string | null,
): Promise<ReplayLookup> {
  if (!sourceTraceId) {
    return {};
  }
  const [task] = await selectInWorkspace(ctx, taskMetadata, { clusterId: taskMetadata.clusterId }, [
    eq(taskMetadata.traceId, sourceTraceId),
  ]).limit(1);
  if (!task?.clusterId) {
    return { sourceTraceId };
  }
  const members = await selectInWorkspace(ctx, taskMetadata, { traceId: taskMetadata.traceId }, [
    eq(taskMetadata.clusterId, task.clusterId),
  ]);
  // tasks written by hand have no trace
  const traceIds = members.flatMap((m) => (m.traceId ? [m.traceId] : []));
  return { sourceTraceId, clusterTraceIds: new Set(traceIds) };
}
