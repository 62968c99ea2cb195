import { collapseWhitespace } from '@/core/collapse-whitespace';
import type { EvalView } from '@/core/eval-view';

/** The most characters one user message keeps in a task; the rest is cut with a marker. */
export const MAX_MESSAGE_CHARS = 8_000;
/** The most user turns one task keeps (later turns are dropped and counted). */
export const MAX_USER_TURNS = 100;

export type UserTurns = {
  turns: string[];
  /** Messages cut at MAX_MESSAGE_CHARS. */
  truncated: number;
  /** Turns dropped past MAX_USER_TURNS. */
  dropped: number;
};

/** Cuts text over `max` characters, ending it with a marker that says how much was cut. */
export function capText(text: string, max = MAX_MESSAGE_CHARS): { text: string; cut: boolean } {
  if (text.length <= max) {
    return { text, cut: false };
  }
  return { text: `${text.slice(0, max)} …[truncated ${text.length - max} characters]`, cut: true };
}

/**
 * The user's side of a trace: every user message in order, each capped with a marker. A trace with
 * no user message but a text input (a single prompt) has that input as its one turn.
 */
export function userTurnsOf(view: EvalView): UserTurns {
  const raw = view.messages.filter((m) => m.role === 'user').map((m) => m.content);
  if (raw.length === 0 && typeof view.input === 'string') {
    raw.push(view.input);
  }
  const kept = raw.filter((t) => t.trim() !== '');
  let truncated = 0;
  const turns = kept.slice(0, MAX_USER_TURNS).map((t) => {
    const capped = capText(t);
    truncated += capped.cut ? 1 : 0;
    return capped.text;
  });
  return { turns, truncated, dropped: Math.max(0, kept.length - MAX_USER_TURNS) };
}

/** One line: whitespace collapsed, at most `max` characters (an ellipsis marks a cut). */
export function oneLine(text: string, max = 200): string {
  const flat = collapseWhitespace(text).trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
