import { atomsOf } from './call-atoms';
import { shapeInWords } from './call-classes';
import type { Predicate } from './predicate';
import type { TraceFacts } from './trace-facts';

/** An argument key of a value-shape atom (`path#[./9a]{18}`): no other atom's marks in it. */
const SHAPE_ATOM = /^([^^~/#=@]+)#(.+)$/;
const CLASS_NAMES: Record<string, string> = {
  a: 'lowercase letters',
  A: 'capital letters',
  '9': 'digits',
};

/**
 * A shape whose words a reader cannot picture: a class set with other characters in it ("18
 * characters of '.', '/', digits and lowercase letters") or more than three parts in turn ("6
 * lowercase letters, ' ', 5 lowercase letters, ' ', '>', ...").
 */
export function shapeNeedsExample(shape: string): boolean {
  const words = shapeInWords(shape);
  if (words === null || words.startsWith('starts with')) {
    return false;
  }
  const parts = words.split(/, | then /).length;
  return /\[[^\]]*[^Aa9\]][^\]]*\]/.test(shape) || parts > 3;
}

/** What an example leaves out: a class set's length and kinds, else that the rest must match too. */
function shapeNote(shape: string): string {
  const set = /^\[([^\]]+)\]\{([0-9]+)\}$/.exec(shape);
  if (set) {
    const chars = [...(set[1] as string)];
    const kinds = [
      ...['a', 'A', '9'].filter((c) => chars.includes(c)).map((c) => CLASS_NAMES[c] as string),
      ...chars.filter((c) => !CLASS_NAMES[c]).map((c) => (c === ' ' ? 'spaces' : `'${c}'`)),
    ];
    const listed =
      kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}` : kinds[0];
    return `any ${set[2]} characters of ${listed}`;
  }
  return shape.includes('+')
    ? 'the same kinds of characters in the same order'
    : 'the same kinds of characters in the same places';
}

/** The one or two values of the labelled calls seen most with the shape (first seen on a tie). */
function examplesOf(atom: string, key: string, training: TraceFacts[]): string[] {
  const counts = new Map<string, number>();
  for (const facts of training) {
    const atoms = atomsOf(facts);
    facts.calls.forEach((call, k) => {
      const value = (call.args as Record<string, unknown> | null)?.[key];
      if (typeof value === 'string' && atoms[k]?.has(atom)) {
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    });
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([v]) => v);
}

/**
 * A rule's words with each value shape a reader cannot picture given as real values of the
 * labelled traces: "whose path is shaped like 'src/app/main.py' or 'src/lib/db.py' (any 18
 * characters of lowercase letters, digits, '.' and '/')". Only the words change: its test and
 * Python are the predicate's own.
 */
export function withShapeExamples(p: Predicate, training: TraceFacts[]): Predicate {
  if (!p.id.includes('#')) {
    return p;
  }
  let { whenTrue, whenFalse } = p;
  const tried = new Set<string>();
  for (const facts of training) {
    for (const set of atomsOf(facts)) {
      for (const atom of set) {
        if (tried.has(atom)) {
          continue;
        }
        tried.add(atom);
        const m = SHAPE_ATOM.exec(atom);
        const [, key = '', shape = ''] = m ?? [];
        const words = m && asksAbout(p.id, key, shape) ? shapeInWords(shape) : null;
        const body = words?.replace(/^is /, '');
        if (!body || !shapeNeedsExample(shape) || !`${whenTrue}${whenFalse}`.includes(body)) {
          continue;
        }
        const examples = examplesOf(atom, key, training).map((v) => `'${v}'`);
        const said = `shaped like ${examples.join(' or ')} (${shapeNote(shape)})`;
        whenTrue = whenTrue.replaceAll(body, said);
        whenFalse = whenFalse.replaceAll(body, said);
      }
    }
  }
  return whenTrue === p.whenTrue && whenFalse === p.whenFalse ? p : { ...p, whenTrue, whenFalse };
}

/** The predicate's id names this argument's shape whole (`|path#<shape>`, or a second `#<shape>`). */
function asksAbout(id: string, key: string, shape: string): boolean {
  if (!id.includes(`|${key}#`)) {
    return false;
  }
  for (let at = id.indexOf(`#${shape}`); at >= 0; at = id.indexOf(`#${shape}`, at + 1)) {
    const next = id[at + shape.length + 1];
    if (next === undefined || next === '#' || next === '-') {
      return true;
    }
  }
  return false;
}
