// Facts of a raw tau-bench run that the criteria's labelling functions read (never the learner).
// Written by helper `criteria` WITHOUT reading the synthesiser (src/evals/synth/, selection/,
// llm-generator/, docs/synthesiser.md). FROZEN: a change to the synthesiser never comes in the
// same commit as a change to these criteria.
import { parseMaybeJson } from '@/core/parse-maybe-json';
import type { TauMessage, TauRun, TauToolCall } from './tau-data';

export type TauCall = {
  /** Index in `traj` of the assistant message that made the call. */
  at: number;
  name: string;
  args: Record<string, unknown>;
  /** The tool's answer, parsed as JSON when it parses, else its text. */
  result: unknown;
  text: string;
  failed: boolean;
};

export const WRITE_TOOLS = new Set([
  'book_reservation',
  'cancel_reservation',
  'update_reservation_flights',
  'update_reservation_baggages',
  'update_reservation_passengers',
  'send_certificate',
]);

/**
 * The tool message answering a call: the first unused one after it with the call's id, else (the
 * data holds a few answers under another call's id) the first unused one with the tool's name.
 */
function answerOf(run: TauRun, at: number, call: TauToolCall, used: Set<number>): number {
  const after = (match: (m: TauMessage) => boolean) =>
    run.traj.findIndex((m, j) => j > at && m.role === 'tool' && !used.has(j) && match(m));
  const byId = after((m) => m.tool_call_id === call.id);
  return byId >= 0 ? byId : after((m) => m.name === call.function.name);
}

export function callsOf(run: TauRun): TauCall[] {
  const calls: TauCall[] = [];
  const used = new Set<number>();
  run.traj.forEach((m, at) => {
    for (const c of m.tool_calls ?? []) {
      const answer = answerOf(run, at, c, used);
      used.add(answer);
      const text = run.traj[answer]?.content ?? '';
      const args = parseMaybeJson(c.function.arguments);
      calls.push({
        at,
        name: c.function.name,
        args: typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {},
        result: parseMaybeJson(text),
        text,
        failed: text.startsWith('Error'),
      });
    }
  });
  return calls;
}

export const textOf = (m: TauMessage): string => m.content ?? '';

/** Indices of the messages of one role, in order. */
export function indicesOf(run: TauRun, role: TauMessage['role']): number[] {
  return run.traj.flatMap((m, i) => (m.role === role ? [i] : []));
}

/** The text of the last user message before `at`, or '' when there is none. */
export function lastUserTextBefore(run: TauRun, at: number): string {
  for (let i = at - 1; i >= 0; i--) {
    const m = run.traj[i];
    if (m?.role === 'user') {
      return textOf(m);
    }
  }
  return '';
}

/** The last non-empty assistant text before `at`, or '' when there is none. */
export function lastAgentTextBefore(run: TauRun, at: number): string {
  for (let i = at - 1; i >= 0; i--) {
    const m = run.traj[i];
    if (m?.role === 'assistant' && textOf(m).trim() !== '') {
      return textOf(m);
    }
  }
  return '';
}

/** Every number inside a JSON value or a text (for "did this amount come from somewhere"). */
export function numbersIn(value: unknown, into: Set<number> = new Set()): Set<number> {
  if (typeof value === 'number') {
    into.add(Math.round(value * 100) / 100);
  } else if (typeof value === 'string') {
    for (const m of value.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
      into.add(Math.round(Number(m[0].replaceAll(',', '')) * 100) / 100);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) {
      numbersIn(v, into);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) {
      numbersIn(v, into);
    }
  }
  return into;
}

export const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
