/**
 * Within-task contrast: among the rows of tasks (groups) that hold both labels, how a predicate
 * separates a task's passing runs from its failing ones. Runs of one task share almost everything
 * task-level, so a fact that goes with passing there is evidence for the property; a fact
 * constant within every such task (or going the other way) has none.
 */
export type MixedTasks = {
  /** Per group: passing and failing rows, both 0 for a group that does not hold both labels. */
  pass: Int32Array;
  fail: Int32Array;
  /** Pairs of a passing and a failing row of one group. */
  pairs: number;
  /** The rows of the groups holding both labels: the only rows a contrast reads. */
  mixedRows: number[];
  groupOf: number[];
  /** Per-group counts reused by `contrastOf` (passing rows, then failing rows). */
  scratch: Int32Array;
};

/** The groups among `rows` that hold both labels. */
export function mixedTasks(
  rows: number[],
  labels: boolean[],
  groupOf: number[],
  groupCount: number,
): MixedTasks {
  const pass = new Int32Array(groupCount);
  const fail = new Int32Array(groupCount);
  for (const i of rows) {
    const g = groupOf[i] as number;
    if (labels[i]) {
      pass[g] = (pass[g] as number) + 1;
    } else {
      fail[g] = (fail[g] as number) + 1;
    }
  }
  let pairs = 0;
  for (let g = 0; g < groupCount; g++) {
    if (pass[g] === 0 || fail[g] === 0) {
      pass[g] = 0;
      fail[g] = 0;
    }
    pairs += (pass[g] as number) * (fail[g] as number);
  }
  const mixedRows = rows.filter((i) => (pass[groupOf[i] as number] as number) > 0);
  return { pass, fail, pairs, mixedRows, groupOf, scratch: new Int32Array(2 * groupCount) };
}

/**
 * Over the pairs of a passing and a failing row of one mixed group: those where the predicate
 * holds on the passing row and not the failing one, less those the other way round. Positive when
 * it goes with passing within tasks, 0 when it is constant within every mixed group.
 */
export function contrastOf(row: Uint8Array, labels: boolean[], mixed: MixedTasks) {
  const { scratch } = mixed;
  const n = mixed.pass.length;
  scratch.fill(0);
  for (const i of mixed.mixedRows) {
    if (row[i] === 1) {
      const g = mixed.groupOf[i] as number;
      const k = labels[i] ? g : g + n;
      scratch[k] = (scratch[k] as number) + 1;
    }
  }
  let net = 0;
  for (let g = 0; g < n; g++) {
    net +=
      (scratch[g] as number) * (mixed.fail[g] as number) -
      (scratch[g + n] as number) * (mixed.pass[g] as number);
  }
  return net;
}
