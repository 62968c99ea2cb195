import { z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { IsoDate, viewOf } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { SCORE_DATA_TYPES, type TraceScore, traceScores } from '@/db/schema';

export const TraceScoreView = z
  .object({
    id: z.string(),
    name: z.string(),
    source: z.string().openapi({ description: 'Where the score came from (langfuse, import…)' }),
    dataType: z.enum(SCORE_DATA_TYPES).nullable(),
    value: z.union([z.number(), z.string(), z.boolean()]).nullable(),
    comment: z.string().nullable(),
    spanId: z.string().nullable(),
    createdAt: IsoDate,
  })
  .openapi('TraceScore');
export type TraceScoreView = z.infer<typeof TraceScoreView>;

function scoreValue(row: TraceScore): TraceScoreView['value'] {
  if (row.dataType === 'BOOLEAN' && row.valueNumber !== null) {
    return row.valueNumber !== 0;
  }
  return row.valueNumber ?? row.valueString;
}

/** The scores other platforms sent for one trace, as sent (oldest first). */
export async function listTraceScores(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  traceId: string,
): Promise<TraceScoreView[]> {
  const rows = await rowsInWorkspace(ctx, traceScores, [eq(traceScores.traceId, traceId)]).orderBy(
    asc(traceScores.createdAt),
    asc(traceScores.name),
  );
  return rows.map((row) => viewOf(TraceScoreView, { ...row, value: scoreValue(row) }));
}
