import { mergeSpan } from '../merge-span';
import type { NormalisedSpan, NormalisedTrace } from '../normalised-trace';

/** Merges span lists by span id (later non-null fields win; an update keeps the earlier start time). */
function mergeSpans(existing: NormalisedSpan[], incoming: NormalisedSpan[]): NormalisedSpan[] {
  const byId = new Map(existing.map((s) => [s.spanId, s]));
  for (const span of incoming) {
    const found = byId.get(span.spanId);
    if (!found) {
      byId.set(span.spanId, span);
      continue;
    }
    // copy before merging: callers' spans are never mutated
    const known = { ...found, attributes: { ...found.attributes } };
    byId.set(span.spanId, known);
    const completes = known.partial === true && span.partial !== true;
    mergeSpan(known, span);
    if (completes) {
      known.startTime = span.startTime;
      delete known.partial;
    }
  }
  return [...byId.values()];
}

/** Merges two versions of one trace: non-null trace fields of `next` win, metadata merges, tags union, spans merge. */
export function mergeTraces(base: NormalisedTrace, next: NormalisedTrace): NormalisedTrace {
  return {
    ...base,
    name: next.name ?? base.name,
    startTime:
      next.startTime !== null && base.startTime !== null
        ? Math.min(next.startTime, base.startTime)
        : (next.startTime ?? base.startTime),
    endTime:
      next.endTime !== null && base.endTime !== null
        ? Math.max(next.endTime, base.endTime)
        : (next.endTime ?? base.endTime),
    sessionId: next.sessionId ?? base.sessionId,
    userId: next.userId ?? base.userId,
    metadata: { ...base.metadata, ...next.metadata },
    tags: [...new Set([...base.tags, ...next.tags])],
    input: next.input !== undefined ? next.input : base.input,
    output: next.output !== undefined ? next.output : base.output,
    spans: mergeSpans(base.spans, next.spans),
    scores: [...base.scores, ...next.scores],
    label: next.label ?? base.label,
  };
}
