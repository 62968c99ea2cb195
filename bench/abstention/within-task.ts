// Within-task contrast of recorded learns (record-learns.ts): on the labels of mixed tasks (groups
// holding both labels), where almost everything task-level is held constant, a fact constant
// within each task can do no better than each task's own majority label; a version that stands for
// the property should do better. Read by compare-decisions.ts.
import type { LearnRecord } from './learn-record';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Within-task contrast: on the labels of mixed groups (tasks holding both labels), the verdicts'
 * right answers against the within-group majority's (each group's own majority label, which no
 * fact constant within a task can beat). `from` picks the verdicts: the final version's fit or
 * the fold models' held-out ones.
 */
export function mixedContrast(r: LearnRecord, from: 'fit' | 'held') {
  const verdict = new Map<number, boolean>(
    from === 'fit' ? r.fitted.map((v, i) => [i, v]) : r.held.map((h) => [h.i, h.verdict]),
  );
  const by = new Map<string, number[]>();
  r.groups.forEach((g, i) => {
    by.set(g, [...(by.get(g) ?? []), i]);
  });
  let labels = 0;
  let right = 0;
  let withinMajority = 0;
  for (const rows of by.values()) {
    const pass = rows.filter((i) => r.labels[i]).length;
    if (pass === 0 || pass === rows.length) {
      continue;
    }
    labels += rows.length;
    withinMajority += Math.max(pass, rows.length - pass);
    right += rows.filter((i) => verdict.get(i) === r.labels[i]).length;
  }
  return { labels, right, withinMajority };
}

/** Not worse (`strict`: better) than the within-task majority, when 8+ labels are in mixed groups. */
export function contrastHolds(r: LearnRecord, from: 'fit' | 'held', strict: boolean) {
  const c = mixedContrast(r, from);
  return c.labels < 8 || (strict ? c.right > c.withinMajority : c.right >= c.withinMajority);
}

/** How the final versions' fit fares on mixed tasks, for versions above the majority and not. */
export function contrastOfVersions(set: string, rs: LearnRecord[]) {
  const all = rs.map((r) => mixedContrast(r, 'fit'));
  console.log(
    `\n${set}: ${all.filter((c) => c.labels > 0).length} of ${rs.length} learns have a mixed task; labels in mixed tasks, mean ${(all.reduce((a, c) => a + c.labels, 0) / Math.max(1, rs.length)).toFixed(1)} of 40`,
  );
  console.log(
    '\n| final versions (forced) | learns | under 8 labels in mixed tasks | fit at or below the within-task majority | mean fit advantage over it |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  const rows: [string, (r: LearnRecord) => boolean][] = [
    ['created, above majority', (r) => r.clear && r.forcedAccuracy > r.majorityAccuracy],
    ['created, not above', (r) => r.clear && r.forcedAccuracy <= r.majorityAccuracy],
    [
      'any rule, above majority',
      (r) => r.rules !== 'const' && r.forcedAccuracy > r.majorityAccuracy,
    ],
    ['any rule, not above', (r) => r.rules !== 'const' && r.forcedAccuracy <= r.majorityAccuracy],
  ];
  for (const [name, pick] of rows) {
    const cs = rs.filter(pick).map((r) => mixedContrast(r, 'fit'));
    const enough = cs.filter((c) => c.labels >= 8);
    const below = enough.filter((c) => c.right <= c.withinMajority).length;
    const advantage =
      enough.reduce((a, c) => a + (c.right - c.withinMajority) / c.labels, 0) /
      Math.max(1, enough.length);
    console.log(
      `| ${name} | ${cs.length} | ${cs.length - enough.length} | ${below} | ${pct(advantage)} |`,
    );
  }
}
