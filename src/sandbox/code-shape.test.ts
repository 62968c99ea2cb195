import { describe, expect, it } from 'vitest';
import {
  codeShapeIssue,
  MAX_BRACKETS,
  MAX_COMPREHENSIONS,
  MAX_ELIFS,
  MAX_EXPRESSION_DEPTH,
} from './code-shape';

const deep = (line: number) => ({
  line,
  message: `an expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep (operators, calls, attributes or brackets inside one another): split it into statements`,
});
const n = MAX_EXPRESSION_DEPTH;

describe('codeShapeIssue: nesting bounded before any parse', () => {
  it.each([
    ['an attribute chain', (k: number) => `import json\nx = json${'.a'.repeat(k)}\n`, 2],
    ['a binary operator chain', (k: number) => `x = 1${'+1'.repeat(k)}\n`, 1],
    ['a call chain', (k: number) => `x = f${'()'.repeat(k)}\n`, 1],
    ['a not chain', (k: number) => `x = ${'not '.repeat(k)}1\n`, 1],
    ['a unary minus chain', (k: number) => `x = ${'-'.repeat(k)}1\n`, 1],
    ['nested lambdas', (k: number) => `f = ${'lambda: '.repeat(k)}1\n`, 1],
    ['conditional expressions', (k: number) => `x = 1${' if a else 1'.repeat(k)}\n`, 1],
    ['a chain over continued lines', (k: number) => `\n\nx = a${'.b \\\n'.repeat(k)}\n`, 3 + n],
  ])('%s: just under the bound passes, one more is refused at its line', (_name, make, line) => {
    expect(codeShapeIssue(make(n - 2))).toBe(null);
    expect(codeShapeIssue(make(n + 1))).toEqual(deep(line));
  });

  it('counts siblings apart: a long list literal, long strings and comments pass', () => {
    const list = `DATA = [${Array.from({ length: 5000 }, (_, i) => `-${i}`).join(', ')}]\n`;
    const text = `s = "${'a.'.repeat(5000)}"\nt = '''${'+.'.repeat(5000)}'''\n# ${'.a'.repeat(5000)}\n`;
    const f = `u = f"{x!r:>{w}} ${'.'.repeat(3000)}"\nv = 1.5e3 + .5 + ...\n`;
    expect(codeShapeIssue(list + text + f)).toBe(null);
  });

  it.each([
    ['brackets', (k: number) => `x = ${'('.repeat(k)}1${')'.repeat(k)}\n`],
    ['f-string fields', (k: number) => `x = f"${'{f"'.repeat(k)}${'"}'.repeat(k)}"\n`],
  ])('refuses %s nested too deep', (_name, make) => {
    expect(codeShapeIssue(make(MAX_BRACKETS - 1))).toBe(null);
    expect(codeShapeIssue(make(MAX_BRACKETS + 1))).toEqual({
      line: 1,
      message: `brackets and f-string fields nest more than ${MAX_BRACKETS} deep`,
    });
  });

  it('refuses more elif clauses than the bound, at the line of the one past it', () => {
    const chain = (k: number) =>
      `if x == 0:\n    pass\n${Array.from({ length: k }, (_, i) => `elif x == ${i + 1}:\n    pass\n`).join('')}`;
    expect(codeShapeIssue(chain(MAX_ELIFS))).toBe(null);
    expect(codeShapeIssue(chain(MAX_ELIFS + 1))).toEqual({
      line: 3 + 2 * MAX_ELIFS,
      message: `more than ${MAX_ELIFS} elif clauses (each nests in the one before): use a dict or a loop`,
    });
  });

  const comps = (message: string, line: number) => ({
    line,
    message: `list, set or dict comprehensions nest more than ${MAX_COMPREHENSIONS} deep: ${message}`,
  });
  it.each([
    ['list', (k: number) => `x = ${'['.repeat(k)}1${' for _ in [1]]'.repeat(k)}\n`, 1],
    ['dict', (k: number) => `x = ${'{1: '.repeat(k)}1${' for _ in [1]}'.repeat(k)}\n`, 1],
    ['in iterables', (k: number) => `x = ${'[y for y in '.repeat(k)}[1]${']'.repeat(k)}\n`, 1],
    [
      'through f-strings',
      (k: number) => `x = ${'[f"{'.repeat(k)}1${'}" for _ in [1]]'.repeat(k)}\n`,
      1,
    ],
    [
      'over lines',
      (k: number) => `x = ${'[\n'.repeat(k)}1${'\nfor _ in [1]]'.repeat(k)}\n`,
      2 * MAX_COMPREHENSIONS + 3,
    ],
  ])(
    'refuses %s comprehensions nested too deep, at the line of the one past the bound',
    (_n, make, line) => {
      expect(codeShapeIssue(make(MAX_COMPREHENSIONS))).toBe(null);
      expect(codeShapeIssue(make(MAX_COMPREHENSIONS + 1))).toEqual(
        comps('build the inner ones in a loop or a function', line),
      );
    },
  );

  it('does not count generator expressions, plain brackets or side-by-side comprehensions', () => {
    const k = MAX_COMPREHENSIONS + 10;
    const gens = `x = ${'list('.repeat(k)}1${' for _ in [1])'.repeat(k)}\n`;
    const plain = `y = ${'[[1 for _ in [1]], '.repeat(k)}${']'.repeat(k)}\n`;
    const loops = `for a in b:\n    z = [[c for c in d] for d in a]\n`.repeat(k);
    expect(codeShapeIssue(gens + plain + loops)).toBe(null);
  });
});
