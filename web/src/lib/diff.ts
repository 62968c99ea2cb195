import { diffArrays } from 'diff';

export type DiffLine = { kind: 'same' | 'add' | 'del'; text: string; a?: number; b?: number };

/** Line diff of two texts (lines split at `\n`), each line numbered on the side(s) it is on. */
export function diffLines(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  let a = 1;
  let b = 1;
  for (const change of diffArrays(before.split('\n'), after.split('\n'))) {
    for (const text of change.value) {
      if (change.added) {
        out.push({ kind: 'add', text, b: b++ });
      } else if (change.removed) {
        out.push({ kind: 'del', text, a: a++ });
      } else {
        out.push({ kind: 'same', text, a: a++, b: b++ });
      }
    }
  }
  return out;
}
