/** Whitespace other than a lone space: a run of two or more, or any other whitespace character. */
const NOT_SINGLE_SPACES = /\s\s|[^\S ]/;

/**
 * `text` with every run of whitespace made one space (`text.replace(/\s+/g, ' ')`), answering
 * `text` itself, without a replacement per space, when its only whitespace is lone spaces.
 */
export function collapseWhitespace(text: string): string {
  return NOT_SINGLE_SPACES.test(text) ? text.replace(/\s+/g, ' ') : text;
}
