import { QUOTE_CHARS } from './python-evidence-helpers';
import { type TextSource, type TraceFacts, tokenise } from './trace-facts';

// Mirrored by `_quote`, `_words`, `_message_note`, `_said_note` and `_pattern_note` in
// python-evidence-helpers.ts; change both together (parity test).

/** A text's words: split at spaces, tabs and line breaks, empty ones left out. */
export function wordsOf(text: string): string[] {
  return text.split(/[ \t\n\r]+/).filter((w) => w !== '');
}

/**
 * Word `k` of `words` with up to 3 words before and 6 after, as a JSON string: `"...I can refund
 * the $40 fee today..."` (cut at QUOTE_CHARS code points; `...` where words were left out).
 */
export function quote(words: string[], k: number): string {
  const from = Math.max(0, k - 3);
  const to = Math.min(words.length, k + 7);
  const chars = Array.from(words.slice(from, to).join(' '));
  const body =
    chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS).join('')}...` : chars.join('');
  return JSON.stringify(`${from > 0 ? '...' : ''}${body}${to < words.length ? '...' : ''}`);
}

/**
 * The first message of `source` in which `find` finds a word, named with its role, position and
 * a quote: `assistant message 3 "...quote..."`, `call 4 'bash' result "..."` (a tool result),
 * `the last message "..."`; null when none.
 */
export function messageNote(
  facts: TraceFacts,
  source: TextSource,
  find: (words: string[]) => number,
): string | null {
  if (source === 'last') {
    const words = wordsOf(facts.lastContent);
    const k = find(words);
    return k >= 0 ? `the last message ${quote(words, k)}` : null;
  }
  if (source === 'tool') {
    for (const [i, c] of facts.calls.entries()) {
      const words = wordsOf(`${c.result}\n${c.error}`);
      const k = find(words);
      if (k >= 0) {
        return `call ${i + 1} '${c.name}' result ${quote(words, k)}`;
      }
    }
    return null;
  }
  let n = 0;
  for (const e of facts.events) {
    if (e.kind === source) {
      n++;
      const words = wordsOf(e.text);
      const k = find(words);
      if (k >= 0) {
        return `${source} message ${n} ${quote(words, k)}`;
      }
    }
  }
  return null;
}

/** Where `source` said `token` (a word, or a pair by its first word). */
export function saidNote(facts: TraceFacts, source: TextSource, token: string): string | null {
  const first = token.split(' ')[0] as string;
  return messageNote(facts, source, (words) => words.findIndex((w) => tokenise(w).has(first)));
}

/** Where a word of a `source` message matched `re` (the last such word of it when `last`). */
export function patternNote(
  facts: TraceFacts,
  source: TextSource,
  re: RegExp,
  last: boolean,
): string | null {
  return messageNote(facts, source, (words) => {
    const hits = words.flatMap((w, i) => (re.test(w) ? [i] : []));
    return hits.length === 0 ? -1 : (hits[last ? hits.length - 1 : 0] as number);
  });
}
