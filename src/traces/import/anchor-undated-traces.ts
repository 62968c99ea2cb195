import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { idChunks } from '@/db/id-chunks';
import { selectInWorkspace } from '@/db/in-workspace';
import { traces } from '@/db/schema';
import type { NormalisedTrace } from '../normalised-trace';

/** Span times below this (1970-01-12) are a parser's relative order, not a clock. */
const RELATIVE_LIMIT_MS = 1e9;

function isUndated(t: NormalisedTrace): boolean {
  return (
    t.startTime === null &&
    t.spans.length > 0 &&
    t.spans.every((s) => s.endTime === null && s.startTime < RELATIVE_LIMIT_MS)
  );
}

/**
 * Traces without any time (chat transcripts) get one: the time they were first stored, read
 * back on re-import so the same file changes nothing; their spans keep their relative order
 * from that time instead of 1970.
 */
export async function anchorUndatedTraces(
  ctx: Ctx,
  list: NormalisedTrace[],
): Promise<NormalisedTrace[]> {
  const undated = list.filter(isUndated);
  if (undated.length === 0) {
    return list;
  }
  const stored = new Map<string, number>();
  const bySource = new Map<string, Set<string>>();
  for (const t of undated) {
    bySource.set(t.source, (bySource.get(t.source) ?? new Set()).add(t.externalId));
  }
  for (const [source, idSet] of bySource) {
    const ids = [...idSet];
    for (const chunk of idChunks(ids)) {
      const rows = await selectInWorkspace(
        ctx,
        traces,
        { externalId: traces.externalId, startedAt: traces.startedAt },
        [eq(traces.source, source as NormalisedTrace['source']), inArray(traces.externalId, chunk)],
      );
      for (const r of rows) {
        stored.set(`${source}\u0000${r.externalId}`, r.startedAt.getTime());
      }
    }
  }
  const now = ctx.now().getTime();
  return list.map((t) => {
    if (!isUndated(t)) {
      return t;
    }
    const anchor = stored.get(`${t.source}\u0000${t.externalId}`) ?? now;
    return {
      ...t,
      startTime: anchor,
      spans: t.spans.map((s) => ({ ...s, startTime: anchor + s.startTime })),
    };
  });
}
