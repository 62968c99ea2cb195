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

/** Every call of `then` came after some call of `first` (true when there is no `then` call). */
export function firstBefore(a: number[], b: number[]): boolean {
  return b.length === 0 || (a.length > 0 && (a[0] as number) < (b[0] as number));
}

/** Some call of `then` came after the last call of `last` (or there was no `last` call). */
export function afterLast(then: number[], last: number[]): boolean {
  return (
    then.length > 0 && (last.length === 0 || (then.at(-1) as number) > (last.at(-1) as number))
  );
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
  const m = /^([^^~/#=]+)(\^|~|\/dir:|\/ext:|\/base:|#|=)(.*)$/.exec(atom);
  if (!m) {
    return `${call} with ${atom}`;
  }
  const [, key, kind, value] = m;
  const says: Record<string, string> = {
    '^': `whose ${key} starts with "${value}"`,
    '~': `whose ${key} has the flag "${value}"`,
    '/dir:': `whose ${key} is under a "${value}/" directory`,
    '/ext:': `whose ${key} names a ".${value}" file`,
    '/base:': `whose ${key} names the file "${value}"`,
    '#': `whose ${key} is shaped ${value}`,
    '=': `with ${key}=${value}`,
  };
  return `${call} ${says[kind as string]}`;
}
