// A small Python tokeniser for display: keywords, strings, comments, numbers, called names.
export type Token = { kind: 'kw' | 'str' | 'com' | 'num' | 'fn' | 'text'; text: string };

const KEYWORDS = new Set(
  'False None True and as assert break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

const PATTERN =
  /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|[rbfu]{0,2}"(?:\\.|[^"\\\n])*"|[rbfu]{0,2}'(?:\\.|[^'\\\n])*')|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)(?=\s*\()|([A-Za-z_][A-Za-z0-9_]*)/g;

export function tokenisePython(source: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of source.matchAll(PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) {
      tokens.push({ kind: 'text', text: source.slice(last, index) });
    }
    const [text, com, str, num, fn, word] = match;
    if (com) {
      tokens.push({ kind: 'com', text });
    } else if (str) {
      tokens.push({ kind: 'str', text });
    } else if (num) {
      tokens.push({ kind: 'num', text });
    } else if (fn) {
      tokens.push({ kind: KEYWORDS.has(fn) ? 'kw' : 'fn', text });
    } else if (word) {
      tokens.push({ kind: KEYWORDS.has(word) ? 'kw' : 'text', text });
    }
    last = index + text.length;
  }
  if (last < source.length) {
    tokens.push({ kind: 'text', text: source.slice(last) });
  }
  return tokens;
}

/** Splits tokens into lines (multi-line strings are cut at their newlines). */
export function tokenLines(source: string): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of tokenisePython(source)) {
    const parts = token.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) {
        lines.push([]);
      }
      if (part) {
        lines[lines.length - 1]?.push({ kind: token.kind, text: part });
      }
    });
  }
  return lines;
}
