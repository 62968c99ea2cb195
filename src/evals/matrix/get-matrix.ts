import { and, desc, eq, gte, inArray, lt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '@/core/context';
import { decodeCursor, encodeCursor } from '@/core/cursor';
import {
  type EXECUTION_STATUSES,
  evalExecutions,
  evals,
  RATINGS,
  TRACE_SOURCES,
  traces,
} from '@/db/schema';
import { confusionByEval } from '../agreement/eval-agreement';
import { assertAgentInWorkspace } from '../internal';
import { scoreConfusion } from '../metrics/confusion';

export const MatrixQuery = z.object({
  agentId: z.string().min(1),
  evalIds: z.array(z.string()).max(20).optional(),
  onlyDisagreements: z.boolean().default(false),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  source: z.enum(TRACE_SOURCES).optional(),
  label: z.enum([...RATINGS, 'unlabelled']).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MatrixQuery = z.input<typeof MatrixQuery>;

export type CellState = 'agree' | 'contradiction' | 'error' | 'unlabelled' | 'not_run';
export type MatrixCell = {
  evalId: string;
  state: CellState;
  status: (typeof EXECUTION_STATUSES)[number] | null;
  reason: string;
};

/** A version is contradicted where it errs, or its verdict differs from the human label. */
export function cellState(label: string | null, status: string | null): CellState {
  if (status === null) {
    return 'not_run';
  }
  if (status === 'error') {
    return 'error';
  }
  if (label !== 'positive' && label !== 'negative') {
    return 'unlabelled';
  }
  return (label === 'positive') === (status === 'pass') ? 'agree' : 'contradiction';
}

/**
 * Traces × eval versions of one agent: the human label and each version's verdict and reason,
 * per-version statistics counted in SQL, keyset-paginated (newest first).
 */
export async function getMatrix(ctx: Ctx, query: MatrixQuery) {
  const q = MatrixQuery.parse(query);
  await assertAgentInWorkspace(ctx, q.agentId);
  const versions = await ctx.db
    .select({ id: evals.id, name: evals.name, version: evals.version, status: evals.status })
    .from(evals)
    .where(
      and(
        eq(evals.workspaceId, ctx.workspaceId),
        eq(evals.agentId, q.agentId),
        q.evalIds ? inArray(evals.id, q.evalIds) : ne(evals.status, 'archived'),
      ),
    )
    .orderBy(evals.name, evals.version);
  const versionIds = versions.map((v) => v.id);

  const filters: (SQL | undefined)[] = [
    eq(traces.workspaceId, ctx.workspaceId),
    eq(traces.agentId, q.agentId),
  ];
  if (q.since) {
    filters.push(gte(traces.startedAt, q.since));
  }
  if (q.until) {
    filters.push(lte(traces.startedAt, q.until));
  }
  if (q.source) {
    filters.push(eq(traces.source, q.source));
  }
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
  const statsFilter = and(...filters.slice(1));
  if (q.cursor) {
    const { at, id } = decodeCursor(q.cursor);
    const at_ = new Date(at);
    filters.push(or(lt(traces.startedAt, at_), and(eq(traces.startedAt, at_), lt(traces.id, id))));
  }
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
      ? await ctx.db
          .select({
            traceId: evalExecutions.traceId,
            evalId: evalExecutions.evalId,
            status: evalExecutions.status,
            reason: evalExecutions.reason,
          })
          .from(evalExecutions)
          .where(
            and(
              eq(evalExecutions.workspaceId, ctx.workspaceId),
              inArray(evalExecutions.evalId, versionIds),
              inArray(
                evalExecutions.traceId,
                rows.map((r) => r.id),
              ),
            ),
          )
      : [];
  const byKey = new Map(cells.map((c) => [`${c.traceId}\u0000${c.evalId}`, c]));
  const counts = await confusionByEval(ctx, versionIds, statsFilter);
  const last = rows.at(-1);
  return {
    versions: versions.map((v) => {
      const c = counts.get(v.id);
      const contradictions = c ? c.fp + c.fn : 0;
      return {
        ...v,
        stats: {
          executions: c?.executions ?? 0,
          passRate: c && c.executions > 0 ? c.passes / c.executions : null,
          contradictions,
          errors: c?.errors ?? 0,
          ...scoreConfusion(c ?? { tp: 0, fp: 0, tn: 0, fn: 0 }),
        },
      };
    }),
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
}
