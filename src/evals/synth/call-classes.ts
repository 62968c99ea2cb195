import { aOrAn } from '@/core/a-or-an';
import { atomsOf } from './call-atoms';
import type { TraceFacts } from './trace-facts';

/** Calls of one tool ('' = any tool) that have one atom ('' = any such call). */
export type CallClass = { tool: string; atom: string };

export const classKey = (c: CallClass) => `${c.tool || '*'}|${c.atom}`;

export const classPython = (c: CallClass) =>
  `(${JSON.stringify(c.tool)}, ${JSON.stringify(c.atom)})`;

/**
 * An atom that says how a call ended (a test run reporting failing tests: call-predicates.ts
 * `unsuccessful`, so "the last test run succeeded" is false), not a class of its own: where the
 * labels' test runs before an edit all failed, "no test run reported failing tests" fits them as
 * well as the order of the runs does, and fails the held-out runs whose first run passed.
 */
const OUTCOME_ONLY = 'tests:failed';

/**
 * Every class a call of the trace belongs to (its tool; its tool or any tool with one of its
 * atoms), in first-seen order, with the calls in order (a call counted once per way it joins):
 * memoised on the facts, as every fold of a generation mines the same traces.
 */
export function callClassesOf(facts: TraceFacts): Map<string, { c: CallClass; calls: number[] }> {
  if (!facts.callClasses) {
    const out = new Map<string, { c: CallClass; calls: number[] }>();
    const atoms = atomsOf(facts);
    const add = (tool: string, atom: string, k: number) => {
      const key = classKey({ tool, atom });
      let entry = out.get(key);
      if (!entry) {
        entry = { c: { tool, atom }, calls: [] };
        out.set(key, entry);
      }
      entry.calls.push(k);
    };
    facts.calls.forEach((call, k) => {
      add(call.name, '', k);
      for (const atom of atoms[k] ?? []) {
        if (atom !== OUTCOME_ONLY) {
          add(call.name, atom, k);
          add('', atom, k);
        }
      }
    });
    facts.callClasses = out;
  }
  return facts.callClasses;
}

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
  const call = c.tool === '' ? 'a call' : aOrAn(`'${c.tool}' call`);
  const atom = c.atom;
  if (atom === '') {
    return call;
  }
  if (atom === 'failed') {
    return c.tool === '' ? 'a failed call' : `a failed '${c.tool}' call`;
  }
  if (atom === 'failed:outage') {
    return `${call} that failed for an outage (a timeout, no response, a service unavailable)`;
  }
  if (atom === 'failed:request') {
    return `${call} refused as a bad request (validation, not found, permission)`;
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
  if (atom === 'tests') {
    return c.tool === ''
      ? 'a test run (a test tool or a test command)'
      : `${call} that runs the tests`;
  }
  const known = /^([^@]+)@(lint|destructive|secrets|generated|test-file)$/.exec(atom);
  if (known) {
    const does = {
      lint: 'runs a linter or type checker',
      destructive: 'destroys work (deletes recursively, discards changes or force-pushes)',
      secrets: 'prints secrets (a credentials file, the environment, a key or token variable)',
      generated: 'names a generated, vendored or lock file',
      'test-file': 'names a test file',
    }[known[2] as string];
    return `${call} whose ${known[1]} ${does}`;
  }
  const m = /^([^^~/#=]+)(\^|~|\/dir:|\/ext:|\/base:|\/tok:|\/glob:|#|=)(.*)$/.exec(atom);
  if (!m) {
    return `${call} with ${atom}`;
  }
  const [, key, kind, value] = m;
  const says: Record<string, string> = {
    '^': value?.startsWith('#')
      ? `whose ${key} starts with a word that ${shapeInWords(value.slice(1)) ?? `is shaped ${value.slice(1)}`}`
      : `whose ${key} starts with "${value}"`,
    '~': `whose ${key} has the flag "${value}"`,
    '/dir:': `whose ${key} is under a "${value}/" directory`,
    '/ext:': `whose ${key} names a ".${value}" file`,
    '/base:': `whose ${key} names the file "${value}"`,
    '#': `whose ${key} ${shapeInWords(value as string) ?? `is shaped ${value}`}`,
    '/tok:': `whose ${key} has a word that ${shapeInWords(value as string) ?? `is shaped ${value}`}`,
    '/glob:': `whose ${key} has a wildcard ('*')`,
    '=': `with ${key}=${value}`,
  };
  return `${call} ${says[kind as string]}`;
}

const CLASS_WORDS: Record<string, [string, string]> = {
  A: ['capital letter', 'capital letters'],
  a: ['lowercase letter', 'lowercase letters'],
  '9': ['digit', 'digits'],
};

/** One run of a character class, counted: "3 capital letters", "a 5-letter lowercase word". */
function runInWords(cls: string, n: number, alone: boolean): string {
  if (alone && cls === 'a') {
    return aOrAn(`${n}-letter lowercase word`);
  }
  if (alone && cls === '9') {
    return aOrAn(`${n}-digit number`);
  }
  const [one, many] = CLASS_WORDS[cls] as [string, string];
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A value shape (call-atoms.ts `shapes`) in plain words when it is made of letters and digits
 * only: `a{5}` and `[a]{5}` "is a 5-letter lowercase word", `A{3}9{3}` "is 3 capital letters then
 * 3 digits", `A+9+` "is capital letters then digits, any number of each", `[A9]{6}` "is 6
 * characters, capital letters and digits"; with other characters and kept prefixes, each part in
 * turn: `"ORD-"9{6}` "is 'ORD-' then 6 digits", `a+_{1}9{8}` "is lowercase letters, '_' then 8
 * digits", `"feat-"*` "starts with 'feat-'"; null for what it cannot read.
 */
export function shapeInWords(shape: string): string | null {
  const coarse = /^\[([Aa9]+)\]\{([0-9]+)\}$/.exec(shape);
  if (coarse) {
    const classes = [...(coarse[1] as string)];
    const n = Number(coarse[2]);
    if (classes.length === 1) {
      return `is ${runInWords(classes[0] as string, n, true)}`;
    }
    const names = classes.map((c) => (CLASS_WORDS[c] as [string, string])[1]);
    const listed = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return `is ${n} characters, ${listed}`;
  }
  if (/^(?:[Aa9]\+)+$/.test(shape)) {
    const names = [...shape.replaceAll('+', '')].map(
      (c) => (CLASS_WORDS[c] as [string, string])[1],
    );
    return `is ${names.join(' then ')}, any number of each`;
  }
  if (!/^(?:[Aa9]\{[0-9]+\})+$/.test(shape)) {
    return partsInWords(shape);
  }
  const runs = [...shape.matchAll(/([Aa9])\{([0-9]+)\}/g)];
  const words = runs.map((r) => runInWords(r[1] as string, Number(r[2]), runs.length === 1));
  return `is ${words.join(' then ')}`;
}

const PART = /"([^"]*)"|\[([^\]]+)\]\{([0-9]+)\}|([^{}+*"[\]])\{([0-9]+)\}|([^{}+*"[\]])\+|(\*)/y;

/** A shape read part by part (`partsInWords` of `shapeInWords`), or null when a part is not one. */
function partsInWords(shape: string): string | null {
  const parts: string[] = [];
  let star = false;
  PART.lastIndex = 0;
  while (PART.lastIndex < shape.length) {
    const m = PART.exec(shape);
    if (!m || star) {
      return null;
    }
    const [, literal, set, setCount, ch, count, looseCh, any] = m;
    if (literal !== undefined) {
      parts.push(`'${literal}'`);
    } else if (set !== undefined) {
      const names = [...set].map((c) => CLASS_WORDS[c]?.[1] ?? `'${c}'`);
      const listed =
        names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
      parts.push(`${setCount} characters of ${listed}`);
    } else if (ch !== undefined) {
      const n = Number(count);
      parts.push(CLASS_WORDS[ch] ? runInWords(ch, n, false) : n === 1 ? `'${ch}'` : `${n} '${ch}'`);
    } else if (looseCh !== undefined) {
      parts.push(CLASS_WORDS[looseCh]?.[1] ?? `one or more '${looseCh}'`);
    } else if (any !== undefined) {
      star = true;
    }
  }
  if (star) {
    return parts.length === 1 ? `starts with ${parts[0]}` : null;
  }
  const last = parts.pop();
  return last === undefined
    ? null
    : `is ${parts.length > 0 ? `${parts.join(', ')} then ` : ''}${last}`;
}
