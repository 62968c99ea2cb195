import { remember, type TraceFacts, toText } from './trace-facts';

/**
 * Texts joined in order (each after a newline) and, per part, where the text before it ends: what
 * came before each call, built once per trace instead of joined again for every question.
 */
export type TextBefore = {
  text: string;
  ends: number[];
  /** Where each value asked about first occurs in `text` (-1: nowhere), found once per value. */
  firsts?: Map<string, number>;
};

/** The texts joined, each after a newline, with where the part before each one ends (null: none). */
export function joinWithEnds(texts: (string | null)[]): TextBefore {
  const parts: string[] = [];
  const ends: number[] = [];
  let length = 0;
  for (const text of texts) {
    ends.push(length);
    if (text !== null) {
      parts.push(`\n${text}`);
      length += text.length + 1;
    }
  }
  return { text: parts.join(''), ends };
}

/** The text before part `k` holds `v`: its first occurrence, when there is one, ends by then. */
export function heldBefore(p: TextBefore, k: number, v: string): boolean {
  // a value is asked about for every call and every tool set that passed it: search the text once
  p.firsts ??= new Map();
  const at = remember(p.firsts, v, () => p.text.indexOf(v));
  return at >= 0 && at + v.length <= (p.ends[k] as number);
}

/** The results of the calls before each call (of the tool `source`, or of any tool when ''). */
export function resultsBefore(facts: TraceFacts, source = ''): TextBefore {
  facts.resultPrefixes ??= new Map();
  return remember(facts.resultPrefixes, source, () =>
    joinWithEnds(facts.calls.map((c) => (source === '' || c.name === source ? c.result : null))),
  );
}

/** The arguments of the calls before each call. */
export function argsBefore(facts: TraceFacts): TextBefore {
  facts.argPrefixes ??= joinWithEnds(facts.calls.map((c) => toText(c.args)));
  return facts.argPrefixes;
}

/** The results and arguments of the calls before each call. */
export function seenBefore(facts: TraceFacts): TextBefore {
  facts.seenPrefixes ??= joinWithEnds(facts.calls.map((c) => `${c.result}\n${toText(c.args)}`));
  return facts.seenPrefixes;
}
