import { tokenise } from './tokenise';

export type TermCounts = Map<string, number>;

/** Identifiers (user ids, booking codes, dates) say which task a trace is: they count triple. */
const IDENTIFIER_WEIGHT = 3;
/** Tools say what kind of task it is, less which one: each call counts half a word. */
const TOOL_WEIGHT = 0.5;
const IDENTIFIER = /[\d_]/;

/**
 * The weighted terms a trace is compared by: the words of all its user turns (identifiers
 * weighted up) and the tools it called, as `tool:<name>` terms (bench/tasks measures the mix).
 */
export function taskTerms(userText: string, tools: Record<string, number> = {}): TermCounts {
  const counts: TermCounts = new Map();
  const add = (term: string, weight: number) => counts.set(term, (counts.get(term) ?? 0) + weight);
  for (const term of tokenise(userText)) {
    add(term, IDENTIFIER.test(term) ? IDENTIFIER_WEIGHT : 1);
  }
  for (const [name, calls] of Object.entries(tools)) {
    add(`tool:${name}`, TOOL_WEIGHT * calls);
  }
  return counts;
}
