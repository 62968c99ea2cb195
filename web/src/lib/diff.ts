export type DiffLine = { kind: 'same' | 'add' | 'del'; text: string; a?: number; b?: number };

/** Line diff by longest common subsequence (eval code is short: a few hundred lines at most). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i] as number[];
    const below = table[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        a[i] === b[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] as string, a: i + 1, b: j + 1 });
      i++;
      j++;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) {
      out.push({ kind: 'del', text: a[i] as string, a: i + 1 });
      i++;
    } else {
      out.push({ kind: 'add', text: b[j] as string, b: j + 1 });
      j++;
    }
  }
  for (; i < n; i++) {
    out.push({ kind: 'del', text: a[i] as string, a: i + 1 });
  }
  for (; j < m; j++) {
    out.push({ kind: 'add', text: b[j] as string, b: j + 1 });
  }
  return out;
}
