import type { EvalView } from '@/core/eval-view';
import type { Span } from '@/db/schema';
import type { NormalisedSpan } from '../normalised-trace';
import { transcriptSpans } from '../transcript-spans';
import { toSpanRow } from './span-rows';
import { sameSpanContent } from './trace-rows';

/**
 * When a trace's spans are exactly the transcript spans of its eval view's messages (a chat
 * transcript import: its spans carry nothing the messages do not), the time its root started:
 * the trace then stores no span rows (`derivedSpanRows` gives them back). Else null.
 */
export function spansFromMessages(spans: NormalisedSpan[], view: EvalView): number | null {
  const root = spans.find((s) => s.spanId === 'root');
  if (!root) {
    return null;
  }
  const derived = transcriptSpans(view.messages, root.startTime);
  if (derived.length !== spans.length) {
    return null;
  }
  if (derived.every((d, i) => sameValue(d, spans[i]))) {
    return root.startTime;
  }
  // a trace merged with what was stored: the same rows, whatever the order of spans and keys
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const same = derived.every((d) => {
    const span = byId.get(d.spanId);
    return span !== undefined && sameSpanContent(toSpanRow('', '', span), toSpanRow('', '', d));
  });
  return same ? root.startTime : null;
}

/**
 * Deep equality as JSON sees it (a key holding undefined is absent), by identity first: the
 * spans of a transcript and those derived from its view share their message objects.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => sameValue(x, b[i]))
    );
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  return (
    keys.length === Object.keys(y).filter((k) => y[k] !== undefined).length &&
    keys.every((k) => sameValue(x[k], y[k]))
  );
}

/** The span rows of a trace stored without them (`spansFromMessages`), as a read returns them. */
export function derivedSpanRows(
  workspaceId: string,
  traceId: string,
  view: EvalView,
  spansFrom: number,
): Span[] {
  return transcriptSpans(view.messages, spansFrom).map(
    (s) => toSpanRow(workspaceId, traceId, s) as Span,
  );
}
