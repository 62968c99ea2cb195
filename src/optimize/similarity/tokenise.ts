/** Letters, digits and underscores (so ids like `mia_li_3668` stay one token), in any script. */
const WORD = /[\p{L}\p{N}_]+/gu;
/** Scripts written without spaces between words: their runs are cut into character bigrams. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** The term an empty text gets, so every document has at least one term. */
export const EMPTY_TERM = '∅';

const STOPWORDS = new Set(
  (
    'a an and are as at be but by can do for from have i if in is it me my no not of on or so ' +
    'that the this to was we what with would you your yes please thanks thank just like stop'
  ).split(' '),
);

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) {
    return chars;
  }
  return chars.slice(1).map((c, i) => `${chars[i]}${c}`);
}

/**
 * Search terms of a text: lower-cased words of any script (NFKC), common English words dropped,
 * unspaced scripts (Chinese, Japanese, Thai…) as character bigrams. Text with no word at all
 * (symbols, emoji) yields its characters; empty text yields EMPTY_TERM. Never returns [].
 */
export function tokenise(text: string): string[] {
  const normal = text.normalize('NFKC').toLowerCase();
  const terms: string[] = [];
  for (const word of normal.match(WORD) ?? []) {
    if (UNSPACED.test(word)) {
      terms.push(...bigrams(word));
    } else if (!STOPWORDS.has(word)) {
      terms.push(word);
    }
  }
  if (terms.length > 0) {
    return terms;
  }
  const symbols = [...normal].filter((c) => c.trim() !== '');
  return symbols.length > 0 ? symbols : [EMPTY_TERM];
}
