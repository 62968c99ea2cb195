import type { EvalView } from '@/core/eval-view';
import { relevantTerms } from './clip-value';
import { CONDENSE_LEVELS, type CondensedTrace, condenseTrace } from './condense-trace';

export type TraceLabel = 'positive' | 'negative';
export type LabelledTrace = { view: EvalView; label: TraceLabel; note?: string | null };

export type PromptExample = {
  traceId: string;
  label: TraceLabel;
  note: string | null;
  condensed: CondensedTrace;
  text: string;
  tokens: number;
};

export type TraceSelection = {
  examples: PromptExample[];
  /** Labelled traces left out of the prompt (over maxTraces or the budget): usable as held-out. */
  excludedTraceIds: string[];
  tokens: number;
};

/** About four characters per token for English and JSON; close enough for budgeting. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function renderExample(
  n: number,
  label: TraceLabel,
  note: string | null,
  condensed: CondensedTrace,
): string {
  const verdict =
    label === 'positive'
      ? 'POSITIVE (the eval must return True)'
      : 'NEGATIVE (the eval must return False)';
  return [
    `### Example ${n}: trace ${condensed.traceId}, labelled ${verdict}`,
    `Labeller's note: ${note?.trim() ? note.trim() : '(none)'}`,
    `Condensed: ${condensed.notes.length > 0 ? condensed.notes.join('; ') : 'no, shown in full'}`,
    condensed.json,
  ].join('\n');
}

/** Negatives and positives alternate, annotated traces first, so any prefix stays balanced. */
function interleave(traces: LabelledTrace[]): LabelledTrace[] {
  const byNotes = (a: LabelledTrace, b: LabelledTrace) =>
    Number(Boolean(b.note?.trim())) - Number(Boolean(a.note?.trim()));
  const negatives = traces.filter((t) => t.label === 'negative').sort(byNotes);
  const positives = traces.filter((t) => t.label === 'positive').sort(byNotes);
  const out: LabelledTrace[] = [];
  for (let i = 0; i < Math.max(negatives.length, positives.length); i += 1) {
    const negative = negatives[i];
    const positive = positives[i];
    if (negative) {
      out.push(negative);
    }
    if (positive) {
      out.push(positive);
    }
  }
  return out;
}

/**
 * Chooses and condenses the traces shown to the model: condense the biggest trace one level
 * further until the total fits `tokenBudget`; only when every trace is at the tersest level is
 * the last one dropped (alternation keeps both labels represented).
 */
export function selectPromptTraces(
  traces: LabelledTrace[],
  options: { tokenBudget: number; maxTraces: number },
): TraceSelection {
  const ordered = interleave(traces);
  const chosen = ordered.slice(0, options.maxTraces);
  const excluded = ordered.slice(options.maxTraces).map((t) => t.view.trace_id);
  const terms = relevantTerms(traces.map((t) => t.note));
  const build = (trace: LabelledTrace, n: number, level: number): PromptExample => {
    const condensed = condenseTrace(trace.view, level, terms);
    const text = renderExample(n, trace.label, trace.note ?? null, condensed);
    return {
      traceId: trace.view.trace_id,
      label: trace.label,
      note: trace.note ?? null,
      condensed,
      text,
      tokens: estimateTokens(text),
    };
  };
  const examples = chosen.map((trace, index) => build(trace, index + 1, 0));
  const total = () => examples.reduce((sum, example) => sum + example.tokens, 0);
  const last = CONDENSE_LEVELS.length - 1;
  while (examples.length > 0 && total() > options.tokenBudget) {
    let biggest = -1;
    examples.forEach((example, index) => {
      const current = examples[biggest];
      if (example.condensed.level < last && (!current || example.tokens > current.tokens)) {
        biggest = index;
      }
    });
    if (biggest >= 0) {
      const example = examples[biggest] as PromptExample;
      const trace = chosen[biggest] as LabelledTrace;
      examples[biggest] = build(trace, biggest + 1, example.condensed.level + 1);
    } else {
      const dropped = examples.pop() as PromptExample;
      chosen.pop();
      excluded.unshift(dropped.traceId);
    }
  }
  return { examples, excludedTraceIds: excluded, tokens: total() };
}
