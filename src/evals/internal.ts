import { z } from '@hono/zod-openapi';
import { eq, gte, inArray, isNotNull, lte, type SQL } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import type { EvalView } from '@/core/eval-view';
import { rowsByIdChunks } from '@/db/id-chunks';
import { getOrThrow, rowsInWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { eqWhenGiven } from '@/db/list-filters';
import { agents, type Eval, evals, TRACE_SOURCES, traces } from '@/db/schema';
import { readEvalView } from '@/traces/stored-eval-view';
import type { HumanLabel } from './metrics/confusion';

type Scoped = Pick<Ctx, 'db' | 'workspaceId'>;

/** The fields narrowing which of an agent's traces a run or the matrix covers. */
export const traceWindowFields = {
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  source: z.enum(TRACE_SOURCES).optional(),
};

/** The filters of an agent's traces started since / until, from a source, when those are given. */
export function agentTraceFilters(
  ctx: Pick<Ctx, 'workspaceId'>,
  agentId: string,
  window: { since?: Date; until?: Date; source?: (typeof TRACE_SOURCES)[number] },
): (SQL | undefined)[] {
  return [
    eq(traces.workspaceId, ctx.workspaceId),
    eq(traces.agentId, agentId),
    window.since ? gte(traces.startedAt, window.since) : undefined,
    window.until ? lte(traces.startedAt, window.until) : undefined,
    eqWhenGiven(traces.source, window.source),
  ];
}

/** The eval version, or NOT_FOUND (also for another workspace's id). */
export function getEvalOrThrow(ctx: Scoped, evalId: string): Promise<Eval> {
  return getOrThrow(ctx, evals, 'eval', evalId);
}

/**
 * NOT_FOUND unless every id is a trace of the agent in this workspace (another workspace's trace,
 * or another agent's, answers as a trace that does not exist); the message names up to five.
 */
export async function assertTracesOfAgent(
  ctx: Scoped,
  agentId: string,
  traceIds: readonly string[],
): Promise<void> {
  const wanted = [...new Set(traceIds)];
  const found = await rowsByIdChunks(wanted, (chunk) =>
    selectInWorkspace(ctx, traces, { id: traces.id }, [
      eq(traces.agentId, agentId),
      inArray(traces.id, chunk),
    ]),
  );
  const known = new Set(found.map((r) => r.id));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length === 1) {
    throw notFound('trace', missing[0]);
  }
  if (missing.length > 1) {
    const named = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '');
    throw new AppError(
      'NOT_FOUND',
      `${missing.length} of the ${wanted.length} traces are not traces of this eval's agent: ${named}`,
      { details: { missing: missing.slice(0, 100) } },
    );
  }
}

export async function assertAgentInWorkspace(
  ctx: Scoped,
  agentId: string,
): Promise<{ id: string; name: string; description: string | null }> {
  const [row] = await selectInWorkspace(
    ctx,
    agents,
    { id: agents.id, name: agents.name, description: agents.description },
    [eq(agents.id, agentId)],
  );
  if (!row) {
    throw notFound('agent', agentId);
  }
  return row;
}

export type LabelledTraceRow = {
  id: string;
  view: EvalView;
  label: HumanLabel;
  /** The labellers' notes on the trace, joined (generation loads them; empty otherwise). */
  note?: string;
  /** The id the trace came with (its source's) and its name, for people to find it by. */
  externalId?: string;
  name?: string | null;
};

/**
 * Every trace of an agent that carries a human label (neutral included; callers exclude it).
 * Views carry iofold's trace id, as in every eval run.
 */
export async function loadLabelledTraces(
  ctx: Scoped,
  agentId: string,
): Promise<LabelledTraceRow[]> {
  const rows = await selectInWorkspace(
    ctx,
    traces,
    {
      id: traces.id,
      view: traces.evalView,
      label: traces.label,
      externalId: traces.externalId,
      name: traces.name,
    },
    [eq(traces.agentId, agentId), isNotNull(traces.label)],
  ).orderBy(traces.startedAt, traces.id);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      view: { ...(await readEvalView(r.view, ctx.db)), trace_id: r.id },
      label: r.label as HumanLabel,
      externalId: r.externalId,
      name: r.name,
    })),
  );
}

/** Every version of every eval of an agent, by name then version. */
export async function listAgentEvals(ctx: Scoped, agentId: string): Promise<Eval[]> {
  await assertAgentInWorkspace(ctx, agentId);
  return rowsInWorkspace(ctx, evals, [eq(evals.agentId, agentId)]).orderBy(
    evals.name,
    evals.version,
  );
}
