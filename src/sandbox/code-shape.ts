/**
 * A bound on how deeply eval code nests, found without parsing it (one pass over the text, no
 * recursion): Pyodide's parser overflows its stack on a few thousand nested nodes
 * (`json.a.a.a…`, `1+1+…`, `not not …`) and took the check process down with it. Counted per
 * expression: attribute dots, calls and subscripts, brackets, binary and unary operators,
 * `lambda`, `not`, `await`, conditional expressions (`if`); commas, comparisons and assignments start a
 * sibling again. Deterministic: the same code gets the same answer under any load.
 */
export const MAX_EXPRESSION_DEPTH = 200;
/** Brackets and f-string fields inside one another (Python itself refuses 200 brackets). */
export const MAX_BRACKETS = 100;
/** Each `elif` nests in the one before (5,000 took Pyodide's parser down); counted in all the code. */
export const MAX_ELIFS = 1000;
/**
 * List, set and dict comprehensions inside one another (Python compiles each inline in the one
 * around it: 23 took the check process down). Generator expressions are functions of their own.
 */
export const MAX_COMPREHENSIONS = 12;

export type ShapeIssue = { message: string; line: number };

type CodeFrame = {
  kind: 'code';
  close: string;
  base: number;
  lambdas: number;
  field: boolean;
  /** A `for` inside this `[` or `{`: a comprehension. */
  comp: boolean;
  /** The deepest nest of comprehensions inside this frame. */
  comps: number;
};
type StrFrame = { kind: 'str'; quote: string; raw: boolean; f: boolean; spec: boolean };

const PREFIX = /^(?:[rbuft]|r[bft]|[bft]r)$/i;
const IDENT_RE = /[\p{L}\p{N}_]/u;
const ASCII_IDENT = Array.from({ length: 128 }, (_, c) => IDENT_RE.test(String.fromCharCode(c)));
const IDENT = {
  test: (ch: string) => {
    const c = ch.charCodeAt(0);
    return c < 128 ? (ASCII_IDENT[c] as boolean) : IDENT_RE.test(ch);
  },
};
const DEEPER_WORDS = new Set(['not', 'lambda', 'await', 'if']);
const RESETS = new Set(['==', '!=', '<=', '>=', ':=', '->']);
const OPERATORS = '.+-*/%@&|^~<>';

/** The first place where `code` nests past the limits, or null. */
export function codeShapeIssue(code: string): ShapeIssue | null {
  const s = new Scanner(code);
  while (s.i < code.length && !s.issue) {
    const top = s.frames[s.frames.length - 1] as CodeFrame | StrFrame;
    if (code[s.i] === '\n') {
      s.line++;
    }
    if (top.kind === 'str') {
      s.inString(top);
    } else {
      s.inCode(top);
    }
  }
  return s.issue;
}

class Scanner {
  i = 0;
  line = 1;
  chain = 0;
  brackets = 0;
  elifs = 0;
  issue: ShapeIssue | null = null;
  readonly frames: (CodeFrame | StrFrame)[] = [
    { kind: 'code', close: '', base: 0, lambdas: 0, field: false, comp: false, comps: 0 },
  ];

  constructor(readonly code: string) {}

  private deeper(): void {
    this.chain++;
    if (this.chain > MAX_EXPRESSION_DEPTH && !this.issue) {
      this.issue = {
        line: this.line,
        message: `an expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep (operators, calls, attributes or brackets inside one another): split it into statements`,
      };
    }
  }

  private open(close: string, field: boolean): void {
    const base = this.chain + 1;
    this.frames.push({ kind: 'code', close, base, lambdas: 0, field, comp: false, comps: 0 });
    this.brackets++;
    this.deeper();
    if (this.brackets > MAX_BRACKETS && !this.issue) {
      this.issue = {
        line: this.line,
        message: `brackets and f-string fields nest more than ${MAX_BRACKETS} deep`,
      };
    }
  }

  private string(at: number, prefix: string): void {
    const q = this.code[at] as string;
    const quote = this.code.startsWith(q.repeat(3), at) ? q.repeat(3) : q;
    const p = prefix.toLowerCase();
    const f = p.includes('f') || p.includes('t');
    this.frames.push({ kind: 'str', quote, raw: p.includes('r'), f, spec: false });
    this.i = at + quote.length;
  }

  inString(top: StrFrame): void {
    const { code } = this;
    const ch = code[this.i] as string;
    if (top.spec ? ch === '}' : code.startsWith(top.quote, this.i)) {
      this.frames.pop(); // a format spec's `}` is the field's: the code frame closes it
      this.i += top.spec ? 0 : top.quote.length;
    } else if (ch === '\\' && !top.raw) {
      this.line += code[this.i + 1] === '\n' ? 1 : 0;
      this.i += 2;
    } else if (top.f && !top.spec && (ch === '{' || ch === '}') && code[this.i + 1] === ch) {
      this.i += 2;
    } else {
      if (top.f && ch === '{') {
        this.open('}', true);
      }
      this.i++;
    }
  }

  inCode(top: CodeFrame): void {
    const { code } = this;
    const ch = code[this.i] as string;
    if (ch === '\n' && this.frames.length === 1) {
      this.chain = 0;
    }
    if (ch === '#') {
      const end = code.indexOf('\n', this.i);
      this.i = end < 0 ? code.length : end;
    } else if (ch === '\\') {
      this.line += code[this.i + 1] === '\n' ? 1 : 0; // a continued line stays one expression
      this.i += 2;
    } else if (IDENT.test(ch)) {
      this.word(top);
    } else if (ch === '"' || ch === "'") {
      this.string(this.i, '');
    } else if (ch === '(' || ch === '[' || ch === '{') {
      this.open(ch === '(' ? ')' : ch === '[' ? ']' : '}', false);
      this.i++;
    } else if (top.close === ch && this.frames.length > 1) {
      this.frames.pop();
      this.closeComprehension(top);
      this.brackets--;
      this.chain = top.base;
      this.i++;
    } else {
      this.punctuation(top, ch);
    }
  }

  private word(top: CodeFrame): void {
    const { code } = this;
    let j = this.i + 1;
    while (j < code.length && IDENT.test(code[j] as string)) {
      j++;
    }
    const word = code.slice(this.i, j);
    if (/^[0-9]/.test(word)) {
      this.i = this.number(j);
    } else if ((code[j] === '"' || code[j] === "'") && PREFIX.test(word)) {
      this.string(j, word);
    } else {
      this.i = j;
      top.lambdas += word === 'lambda' ? 1 : 0;
      top.comp ||= word === 'for' && !top.field && (top.close === ']' || top.close === '}');
      if (DEEPER_WORDS.has(word)) {
        this.deeper();
      }
      this.elifs += word === 'elif' ? 1 : 0;
      if (this.elifs > MAX_ELIFS && !this.issue) {
        const message = `more than ${MAX_ELIFS} elif clauses (each nests in the one before): use a dict or a loop`;
        this.issue = { line: this.line, message };
      }
    }
  }

  /** Counts a closed frame's comprehensions into the frame around it. */
  private closeComprehension(closed: CodeFrame): void {
    const depth = closed.comps + (closed.comp ? 1 : 0);
    const around = this.frames.findLast((f): f is CodeFrame => f.kind === 'code'); // past f-strings
    if (around) {
      around.comps = Math.max(around.comps, depth);
    }
    if (depth > MAX_COMPREHENSIONS && !this.issue) {
      this.issue = {
        line: this.line,
        message: `list, set or dict comprehensions nest more than ${MAX_COMPREHENSIONS} deep: build the inner ones in a loop or a function`,
      };
    }
  }

  /** The end of a number (1.5e3, 0x_ff): its dot is no attribute. */
  private number(from: number): number {
    let j = from;
    while (j < this.code.length && /[\w.]/.test(this.code[j] as string)) {
      j++;
    }
    return j;
  }

  private punctuation(top: CodeFrame, ch: string): void {
    const { code } = this;
    const two = code.slice(this.i, this.i + 2);
    if (ch === ':' && top.field && two !== ':=') {
      this.frames.push({ kind: 'str', quote: '', raw: false, f: true, spec: true });
      this.i++;
    } else if (code.startsWith('...', this.i)) {
      this.i += 3;
    } else if (ch === '.' && /[0-9]/.test(code[this.i + 1] ?? '')) {
      this.i = this.number(this.i + 1);
    } else if (RESETS.has(two)) {
      this.chain = top.base;
      this.i += 2;
    } else if (ch === ':' && top.lambdas > 0) {
      top.lambdas--; // a lambda's body nests in it
      this.i++;
    } else if (',;:='.includes(ch) || ((ch === '<' || ch === '>') && code[this.i + 1] !== ch)) {
      this.chain = top.base;
      this.i++;
    } else if (OPERATORS.includes(ch)) {
      const run = two === '**' || two === '//' || two === '<<' || two === '>>' ? 2 : 1;
      if (code[this.i + run] === '=') {
        this.chain = top.base; // an augmented assignment
      } else {
        this.deeper();
      }
      this.i += run + (code[this.i + run] === '=' ? 1 : 0);
    } else {
      this.i++;
    }
  }
}
