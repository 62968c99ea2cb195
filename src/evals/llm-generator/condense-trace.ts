import type { EvalMessage, EvalStep, EvalView } from '@/core/eval-view';
import { type ClipStats, clipString, clipValue } from './clip-value';

type Level = {
  maxString: number;
  maxSystem: number;
  maxItems: number;
  /** Drop messages that carry no tool call, error or note term (keeping `neighbours` around those). */
  prune: boolean;
  neighbours: number;
  /** Characters of each step's input (usually a repeat of the messages); 0 omits it. */
  stepInput: number;
};

/** From faithful to terse; a trace is shown at the first level that fits its share of the budget. */
export const CONDENSE_LEVELS: Level[] = [
  { maxString: 1500, maxSystem: 800, maxItems: 30, prune: false, neighbours: 0, stepInput: 300 },
  { maxString: 500, maxSystem: 300, maxItems: 15, prune: false, neighbours: 0, stepInput: 120 },
  { maxString: 200, maxSystem: 120, maxItems: 8, prune: true, neighbours: 1, stepInput: 0 },
  { maxString: 80, maxSystem: 60, maxItems: 5, prune: true, neighbours: 0, stepInput: 0 },
];

export type CondensedTrace = {
  traceId: string;
  level: number;
  /** Compact JSON of the condensed view (same field names as the real `trace` dict). */
  json: string;
  /** What was cut, in words, for the prompt. */
  notes: string[];
};

const ERROR_PATTERN = /error|exception|traceback|failed|denied|invalid/i;

function keptMessageIndexes(messages: EvalMessage[], terms: string[], neighbours: number) {
  const anchors = new Set<number>();
  const firstUser = messages.findIndex((m) => m.role === 'user');
  if (firstUser >= 0) {
    anchors.add(firstUser);
  }
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i]?.role === 'assistant') {
      anchors.add(i);
      break;
    }
  }
  messages.forEach((message, index) => {
    const content = message.content.toLowerCase();
    if (
      message.role === 'tool' ||
      message.tool_calls?.length ||
      ERROR_PATTERN.test(message.content) ||
      terms.some((term) => content.includes(term))
    ) {
      anchors.add(index);
    }
  });
  const kept = new Set<number>();
  for (const index of anchors) {
    for (let i = index - neighbours; i <= index + neighbours; i += 1) {
      if (i >= 0 && i < messages.length) {
        kept.add(i);
      }
    }
  }
  return kept;
}

function condenseMessages(
  messages: EvalMessage[],
  level: Level,
  terms: string[],
  stats: ClipStats,
) {
  const kept = level.prune ? keptMessageIndexes(messages, terms, level.neighbours) : null;
  const out: unknown[] = [];
  let omitted = 0;
  let skipped = 0;
  messages.forEach((message, index) => {
    if (kept && !kept.has(index) && message.role !== 'system') {
      skipped += 1;
      omitted += 1;
      return;
    }
    if (skipped > 0) {
      out.push({ omitted_messages: skipped });
    }
    skipped = 0;
    const max = message.role === 'system' ? level.maxSystem : level.maxString;
    out.push({
      ...message,
      content: clipString(message.content, max, terms, stats),
      ...(message.tool_calls
        ? { tool_calls: clipValue(message.tool_calls, level, terms, stats) }
        : {}),
    });
  });
  if (skipped > 0) {
    out.push({ omitted_messages: skipped });
  }
  return { messages: out, omitted };
}

function condenseStep(step: EvalStep, level: Level, terms: string[], stats: ClipStats) {
  return {
    index: step.index,
    name: step.name,
    input:
      level.stepInput > 0
        ? clipValue(step.input, { ...level, maxString: level.stepInput }, terms, stats)
        : '[omitted: repeats the messages]',
    output: clipValue(step.output, level, terms, stats),
    tool_calls: step.tool_calls.map((call) => clipValue(call, level, terms, stats)),
    error: step.error,
  };
}

/** Condenses one eval view at a level; tool calls, errors and note terms are always kept. */
export function condenseTrace(view: EvalView, levelIndex: number, terms: string[]): CondensedTrace {
  const level = CONDENSE_LEVELS[Math.min(levelIndex, CONDENSE_LEVELS.length - 1)] as Level;
  const stats: ClipStats = { stringsCut: 0, itemsCut: 0 };
  const { messages, omitted } = condenseMessages(view.messages, level, terms, stats);
  const systemLength = view.messages.find((m) => m.role === 'system')?.content.length ?? 0;
  const condensed = {
    trace_id: view.trace_id,
    input: clipValue(view.input, level, terms, stats),
    output: clipValue(view.output, level, terms, stats),
    metadata: clipValue(view.metadata, { ...level, maxString: 120 }, terms, stats),
    messages,
    steps: view.steps.map((step) => condenseStep(step, level, terms, stats)),
  };
  const notes: string[] = [];
  if (systemLength > level.maxSystem) {
    notes.push(`system prompt cut to ${level.maxSystem} chars`);
  }
  if (stats.stringsCut > 0) {
    notes.push(`${stats.stringsCut} long strings cut (marked …[+N chars])`);
  }
  if (stats.itemsCut > 0) {
    notes.push(`${stats.itemsCut} list items cut`);
  }
  if (omitted > 0) {
    notes.push(`${omitted} messages omitted (kept tool calls, errors and the turns around them)`);
  }
  if (level.stepInput === 0 && view.steps.length > 0) {
    notes.push('step inputs omitted');
  }
  return { traceId: view.trace_id, level: levelIndex, json: JSON.stringify(condensed), notes };
}
