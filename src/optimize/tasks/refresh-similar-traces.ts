import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { chunkRows } from '@/db/chunk';
import { idChunks } from '@/db/id-chunks';
import { deleteInWorkspace } from '@/db/in-workspace';
import { type NewTaskSimilarTrace, taskSimilarTraces } from '@/db/schema';
import { writeBatch } from '@/db/write-batch';
import { buildTfidfIndex, type Neighbour, nearestNeighbours } from '../similarity/tfidf-index';
import type { CorpusDoc } from './load-task-corpus';

/** Neighbours stored per trace. */
export const SIMILAR_PER_TRACE = 10;
/** Traces whose rows are replaced in one atomic batch. */
const TRACES_PER_BATCH = 500;

/**
 * Ranks the top SIMILAR_PER_TRACE neighbours (TF-IDF cosine) of the `changed` traces against the
 * whole corpus, then re-ranks each of their neighbours (cosine is symmetric: those are the lists a
 * changed trace most likely enters). Each ranked trace's rows are replaced; others keep theirs.
 * Returns the traces ranked with their lists.
 */
export async function refreshSimilarTraces(
  ctx: Ctx,
  corpus: CorpusDoc[],
  changed: Set<string>,
): Promise<Map<string, Neighbour[]>> {
  const index = buildTfidfIndex(corpus);
  const position = new Map(index.ids.map((id, i) => [id, i]));
  const scratch = new Float64Array(index.ids.length);
  const ranked = new Map<string, Neighbour[]>();
  const rank = (id: string) => {
    const at = position.get(id);
    if (at !== undefined && !ranked.has(id)) {
      ranked.set(id, nearestNeighbours(index, at, SIMILAR_PER_TRACE, scratch));
    }
  };
  for (const id of changed) {
    rank(id);
  }
  for (const id of changed) {
    for (const n of ranked.get(id) ?? []) {
      rank(n.id);
    }
  }
  await writeRanked(ctx, ranked);
  return ranked;
}

async function writeRanked(ctx: Ctx, ranked: Map<string, Neighbour[]>): Promise<void> {
  const now = ctx.now();
  for (const ids of idChunks([...ranked.keys()], TRACES_PER_BATCH)) {
    const rows: NewTaskSimilarTrace[] = ids.flatMap((traceId) =>
      (ranked.get(traceId) ?? []).map((n, i) => ({
        workspaceId: ctx.workspaceId,
        traceId,
        similarTraceId: n.id,
        method: 'tfidf' as const,
        score: Math.round(n.score * 1e6) / 1e6,
        rank: i + 1,
        createdAt: now,
      })),
    );
    await writeBatch(ctx.db, [
      ...idChunks(ids).map((chunk) =>
        deleteInWorkspace(ctx, taskSimilarTraces, [
          eq(taskSimilarTraces.method, 'tfidf'),
          inArray(taskSimilarTraces.traceId, chunk),
        ]),
      ),
      ...chunkRows(ctx.db, rows, taskSimilarTraces).map((chunk) =>
        ctx.db.insert(taskSimilarTraces).values(chunk),
      ),
    ]);
  }
}
