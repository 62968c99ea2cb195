import { z } from '@hono/zod-openapi';
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { encodeCursor } from '@/core/cursor';
import { service } from '@/core/service';
import { selectInWorkspace } from '@/db/in-workspace';
import { afterCursor } from '@/db/list-filters';
import {
  type AgreementMetrics,
  type EXECUTION_STATUSES,
  evalExecutions,
  evals,
  RATINGS,
  traces,
} from '@/db/schema';
import { agentTraceFilters, assertAgentInWorkspace, traceWindowFields } from '../internal';
import { matrixStats, type VersionStats } from './matrix-stats';

export const MatrixQuery = z.object({
  agentId: z.string().min(1),
  evalIds: z.array(z.string()).max(20).optional(),
  onlyDisagreements: z.boolean().default(false),
  ...traceWindowFields,
  label: z.enum([...RATINGS, 'unlabelled']).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MatrixQuery = z.input<typeof MatrixQuery>;

export const CELL_STATES = [
  'agree',
  'contradiction',
  'error',
  'neutral',
  'unlabelled',
  'not_run',
] as const;
export type CellState = (typeof CELL_STATES)[number];
export type MatrixCell = {
  evalId: string;
  state: CellState;
  status: (typeof EXECUTION_STATUSES)[number] | null;
  reason: string;
};

/**
 * A version is contradicted where it errs, or its verdict differs from a good/bad label. A
 * neutral label is its own state (kept apart from "nobody labelled it"); both keep the verdict.
 */
export function cellState(label: string | null, status: string | null): CellState {
  if (status === null) {
    return 'not_run';
  }
  if (status === 'error') {
    return 'error';
  }
  if (label === 'neutral') {
    return 'neutral';
  }
  if (label !== 'positive' && label !== 'negative') {
    return 'unlabelled';
  }
  return (label === 'positive') === (status === 'pass') ? 'agree' : 'contradiction';
}

/** The generation's held-out estimate: how often it agreed with labels it was chosen without. */
function heldOutOf(m: AgreementMetrics) {
  const { tp, fp, tn, fn } = m.counts;
  return { accuracy: m.accuracy, kappa: m.kappa, labels: tp + fp + tn + fn };
}

/** The row filters of the matrix page: the agent's traces, narrowed, after the cursor. */
function rowFilters(ctx: Ctx, q: z.output<typeof MatrixQuery>, versionIds: string[]) {
  const filters = agentTraceFilters(ctx, q.agentId, q);
  if (q.label) {
    filters.push(
      q.label === 'unlabelled' ? sql`${traces.label} is null` : eq(traces.label, q.label),
    );
  }
  if (q.onlyDisagreements) {
    filters.push(
      versionIds.length === 0
        ? sql`0`
        : sql`exists (select 1 from ${evalExecutions} where ${evalExecutions.traceId} = ${traces.id} and ${inArray(evalExecutions.evalId, versionIds)} and (${evalExecutions.status} = 'error' or (${traces.label} = 'positive' and ${evalExecutions.status} = 'fail') or (${traces.label} = 'negative' and ${evalExecutions.status} = 'pass')))`,
    );
  }
  filters.push(afterCursor(traces.startedAt, traces.id, q.cursor));
  return filters;
}

/**
 * Traces × eval versions of one agent: the human label and each version's verdict and reason,
 * keyset-paginated (newest first). The filters narrow the rows only: each version's `stats`
 * always cover all of the agent's traces (see `matrixStats`).
 */
export const getMatrix = service(MatrixQuery, async (ctx, q) => {
  await assertAgentInWorkspace(ctx, q.agentId);
  const versions = await selectInWorkspace(
    ctx,
    evals,
    {
      id: evals.id,
      name: evals.name,
      version: evals.version,
      status: evals.status,
      heldOutMetrics: evals.heldOutMetrics,
    },
    [
      eq(evals.agentId, q.agentId),
      q.evalIds ? inArray(evals.id, q.evalIds) : ne(evals.status, 'archived'),
    ],
  ).orderBy(evals.name, evals.version);
  const versionIds = versions.map((v) => v.id);

  const filters = rowFilters(ctx, q, versionIds);
  const page = await ctx.db
    .select({
      id: traces.id,
      startedAt: traces.startedAt,
      label: traces.label,
      source: traces.source,
      inputPreview: traces.inputPreview,
    })
    .from(traces)
    .where(and(...filters))
    .orderBy(desc(traces.startedAt), desc(traces.id))
    .limit(q.limit + 1);
  const rows = page.slice(0, q.limit);
  const cells =
    rows.length && versionIds.length
      ? await selectInWorkspace(
          ctx,
          evalExecutions,
          {
            traceId: evalExecutions.traceId,
            evalId: evalExecutions.evalId,
            status: evalExecutions.status,
            reason: evalExecutions.reason,
          },
          [
            inArray(evalExecutions.evalId, versionIds),
            inArray(
              evalExecutions.traceId,
              rows.map((r) => r.id),
            ),
          ],
        )
      : [];
  const byKey = new Map(cells.map((c) => [`${c.traceId}\u0000${c.evalId}`, c]));
  const stats = await matrixStats(ctx, q.agentId, versionIds);
  const last = rows.at(-1);
  return {
    versions: versions.map(({ heldOutMetrics: m, ...v }) => ({
      ...v,
      heldOut: m ? heldOutOf(m) : null,
      stats: stats.get(v.id) as VersionStats,
    })),
    rows: rows.map((r) => ({
      trace: r,
      cells: versions.map((v): MatrixCell => {
        const c = byKey.get(`${r.id}\u0000${v.id}`);
        return {
          evalId: v.id,
          state: cellState(r.label, c?.status ?? null),
          status: c?.status ?? null,
          reason: c?.reason ?? '',
        };
      }),
    })),
    nextCursor:
      page.length > q.limit && last
        ? encodeCursor({ at: last.startedAt.getTime(), id: last.id })
        : null,
  };
});
