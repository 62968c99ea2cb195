import { atomsOf } from './call-atoms';
import type { TraceFacts } from './trace-facts';

/** Calls of one tool ('' = any tool) that have one atom ('' = any such call). */
export type CallClass = { tool: string; atom: string };

export const classKey = (c: CallClass) => `${c.tool || '*'}|${c.atom}`;

export const classPython = (c: CallClass) =>
  `(${JSON.stringify(c.tool)}, ${JSON.stringify(c.atom)})`;

/** Indices of the calls in the class, in call order. */
export function classCalls(facts: TraceFacts, c: CallClass): number[] {
  const atoms = atomsOf(facts);
  const out: number[] = [];
  facts.calls.forEach((call, i) => {
    if ((c.tool === '' || call.name === c.tool) && (c.atom === '' || atoms[i]?.has(c.atom))) {
      out.push(i);
    }
  });
  return out;
}

/**
 * Calls of any of several classes: a family such as "a test run" (a command starting with
 * "pytest", "go test" or "cargo test") or "an edit" (an 'edit_file' or 'write_file' call).
 * One class is the family of one.
 */
export type CallFamily = CallClass[];

export const familyKey = (f: CallFamily) => f.map(classKey).join(' + ');

/** A tuple for one class, a list of tuples for several (`_family_calls` in Python takes both). */
export const familyPython = (f: CallFamily) =>
  f.length === 1 ? classPython(f[0] as CallClass) : `[${f.map(classPython).join(', ')}]`;

/** Indices of the calls in any class of the family, in call order. */
export function familyCalls(facts: TraceFacts, f: CallFamily): number[] {
  if (f.length === 1) {
    return classCalls(facts, f[0] as CallClass);
  }
  const atoms = atomsOf(facts);
  const out: number[] = [];
  facts.calls.forEach((call, i) => {
    if (
      f.some(
        (c) => (c.tool === '' || call.name === c.tool) && (c.atom === '' || atoms[i]?.has(c.atom)),
      )
    ) {
      out.push(i);
    }
  });
  return out;
}

/** Every call of `then` came after some call of `first` (true when there is no `then` call). */
export function firstBefore(a: number[], b: number[]): boolean {
  return firstCallBefore(a[0] ?? -1, b[0] ?? -1);
}

/** firstBefore on the index of each class's first call (-1: none). */
export function firstCallBefore(aFirst: number, bFirst: number): boolean {
  return bFirst < 0 || (aFirst >= 0 && aFirst < bFirst);
}

/** Some call of `then` came after the last call of `last` (or there was no `last` call). */
export function afterLast(then: number[], last: number[]): boolean {
  return lastCallAfter(then.at(-1) ?? -1, last.at(-1) ?? -1);
}

/** afterLast on the index of each class's last call (-1: none). */
export function lastCallAfter(thenLast: number, lastLast: number): boolean {
  return thenLast >= 0 && (lastLast < 0 || thenLast > lastLast);
}

/** The class in words, as the subject of "was made" / "came after ...": "a 'run_shell' call whose command starts with "git push"". */
export function describeClass(c: CallClass): string {
  const call = c.tool === '' ? 'a call' : `a '${c.tool}' call`;
  const atom = c.atom;
  if (atom === '') {
    return call;
  }
  if (atom === 'failed') {
    return c.tool === '' ? 'a failed call' : `a failed '${c.tool}' call`;
  }
  const result = /^result\.(.+?)(=0|!=0|=(.*))$/.exec(atom);
  if (result) {
    const [, field, op, value] = result;
    if (op === '=0') {
      return `${call} whose result had ${field} 0`;
    }
    if (op === '!=0') {
      return `${call} whose result had a non-zero ${field}`;
    }
    return `${call} whose result had ${field} "${value}"`;
  }
  const m = ATOM_PARTS.exec(atom);
  if (!m) {
    return `${call} with ${atom}`;
  }
  const [, key, kind, value] = m;
  return `${call} ${atomWords(key as string, kind as string, [value as string])}`;
}

const ATOM_PARTS = /^([^^~/#=]+)(\^|~|\/dir:|\/ext:|\/base:|#|=)(.*)$/;

/** An argument atom's key and kind (`command^`, `path/ext:`): classes of one kind form a family. */
export function atomKind(atom: string): string {
  const m = ATOM_PARTS.exec(atom);
  return m ? `${m[1]}${m[2]}` : atom;
}

/** "whose command starts with "a", "b" or "c"": an atom kind with one value or several. */
function atomWords(key: string, kind: string, values: string[]): string {
  const list = (wrap: (v: string) => string) => {
    const xs = values.map(wrap);
    return xs.length === 1 ? (xs[0] as string) : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`;
  };
  const says: Record<string, () => string> = {
    '^': () => `whose ${key} starts with ${list((v) => `"${v}"`)}`,
    '~': () => `whose ${key} has the flag ${list((v) => `"${v}"`)}`,
    '/dir:': () => `whose ${key} is under a ${list((v) => `"${v}/"`)} directory`,
    '/ext:': () => `whose ${key} names a ${list((v) => `".${v}"`)} file`,
    '/base:': () => `whose ${key} names the file ${list((v) => `"${v}"`)}`,
    '#': () => `whose ${key} is shaped ${list((v) => v)}`,
    '=': () => `with ${key}=${list((v) => v)}`,
  };
  return (says[kind] as () => string)();
}

/**
 * The family in words: "a call whose command starts with "pytest", "go test" or "cargo test"",
 * "an 'edit_file' or 'write_file' call"; classes of different kinds are joined by "or".
 */
export function describeFamily(f: CallFamily): string {
  const [head] = f;
  if (f.length === 1 || !head) {
    return describeClass(head ?? { tool: '', atom: '' });
  }
  const list = (xs: string[]) => `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`;
  if (f.every((c) => c.atom === '' && c.tool !== '')) {
    return `a ${list(f.map((c) => `'${c.tool}'`))} call`;
  }
  const m = ATOM_PARTS.exec(head.atom);
  if (m && f.every((c) => c.tool === head.tool && atomKind(c.atom) === atomKind(head.atom))) {
    const call = head.tool === '' ? 'a call' : `a '${head.tool}' call`;
    const values = f.map((c) => c.atom.slice(atomKind(c.atom).length));
    return `${call} ${atomWords(m[1] as string, m[2] as string, values)}`;
  }
  return list(f.map(describeClass));
}
