import type { EvalView } from '@/core/eval-view';
import { stableHash } from '@/traces/stable-hash';

/** ISO dates and times (2026-10-05, 2026-10-05T08:00:00.000Z): when a trace ran, not what it says. */
const DATES = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;

/**
 * What a trace says, whatever database holds it and whenever it ran: never its row id or when it
 * was stored, and its dates masked (a system prompt's "Today is", a start time in metadata, dates
 * in tool results all move with the day a conversation happened, so the same conversations replayed
 * or re-imported another day keep their order). The unmasked text breaks the rare remaining ties.
 */
export function traceContentKey(view: EvalView): string[] {
  const text = JSON.stringify([view.messages, view.steps, view.input, view.output, view.metadata]);
  return [stableHash(text.replace(DATES, 'DATE')), stableHash(text)];
}
