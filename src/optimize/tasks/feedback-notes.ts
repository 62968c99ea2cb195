import { asc, desc, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsByIdChunks } from '@/db/id-chunks';
import { selectInWorkspace } from '@/db/in-workspace';
import { eqWhenGiven } from '@/db/list-filters';
import { feedback, type RATINGS } from '@/db/schema';

/**
 * The labellers' notes on each of `traceIds` that has any (blank ones left out), oldest label
 * first or, with `newestFirst`, newest first; only the labels of `rating` when it is given.
 */
export async function feedbackNotes(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  traceIds: readonly string[],
  options: { rating?: (typeof RATINGS)[number]; newestFirst?: boolean } = {},
): Promise<Map<string, string[]>> {
  const order = options.newestFirst ? desc : asc;
  const rating = eqWhenGiven(feedback.rating, options.rating);
  const rows = await rowsByIdChunks([...new Set(traceIds)], (chunk) =>
    selectInWorkspace(ctx, feedback, { traceId: feedback.traceId, notes: feedback.notes }, [
      inArray(feedback.traceId, chunk),
      rating,
    ]).orderBy(order(feedback.updatedAt), order(feedback.id)),
  );
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (r.notes.trim() !== '') {
      out.set(r.traceId, [...(out.get(r.traceId) ?? []), r.notes]);
    }
  }
  return out;
}
