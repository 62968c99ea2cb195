// Replays the version-or-abstain decision on recorded learns (record-learns.ts) under other rules
// that count the labels' groups, and prints per rule and set: versions created, how many beat the
// training majority on the held-out traces (and how many did not), how many were over-confident
// (the estimate more than 10 points above the held-out accuracy), how many abstentions had a
// version more than 3 points above the majority, effective accuracy per kind (an abstention scored
// as the majority) and, on bench:quality's seeds 1-5, the met targets a rule would lose; then,
// per set, how the final versions fit the labels of mixed tasks (within-task.ts).
// Usage: npx tsx bench/abstention/compare-decisions.ts learns.json [more.json ...]
import { readFileSync } from 'node:fs';
import { signTest } from '@/evals/metrics/sign-test';
import { wilsonInterval } from '@/evals/metrics/wilson-interval';
import type { LearnRecord } from './learn-record';
import { contrastHolds, contrastOfVersions } from './within-task';

const LEVEL = 0.05;
const majorityOf = (r: LearnRecord) => r.labels.filter(Boolean).length * 2 >= r.labels.length;

/** Wins minus losses against the majority verdict per group, as a sign test over groups. */
function groupSignTest(r: LearnRecord) {
  const majority = majorityOf(r);
  const net = new Map<string, number>();
  for (const h of r.held) {
    const label = r.labels[h.i]!;
    const d =
      label !== majority && h.verdict === label
        ? 1
        : label === majority && h.verdict !== label
          ? -1
          : 0;
    net.set(r.groups[h.i]!, (net.get(r.groups[h.i]!) ?? 0) + d);
  }
  const nets = [...net.values()];
  return signTest(nets.filter((x) => x > 0).length, nets.filter((x) => x < 0).length).midP;
}

const rareGroups = (r: LearnRecord) =>
  new Set(r.labels.flatMap((l, i) => (l !== majorityOf(r) ? [r.groups[i]] : []))).size;

/** Intra-group correlation of `xs` (one-way ANOVA estimator), clipped to 0..1. */
function icc(r: LearnRecord, xs: number[]) {
  const by = new Map<string, number[]>();
  xs.forEach((x, i) => {
    by.set(r.groups[i]!, [...(by.get(r.groups[i]!) ?? []), x]);
  });
  const n = xs.length;
  const k = by.size;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  let between = 0;
  let within = 0;
  for (const v of by.values()) {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    between += v.length * (m - mean) ** 2;
    within += v.reduce((a, x) => a + (x - m) ** 2, 0);
  }
  const m0 = (n - [...by.values()].reduce((a, v) => a + v.length ** 2, 0) / n) / (k - 1);
  const msb = between / (k - 1);
  const msw = within / (n - k);
  const d = msb + (m0 - 1) * msw;
  return { icc: d === 0 ? 0 : Math.max(0, Math.min(1, (msb - msw) / d)), size: n / k };
}

/** The estimate's Wilson interval over n / design effect clears the majority share. */
function effectiveClears(r: LearnRecord, xs: number[]) {
  const { icc: rho, size } = icc(r, xs);
  const n = r.labels.length / (1 + (size - 1) * rho);
  const pos = r.labels.filter(Boolean).length;
  const share = Math.max(pos, r.labels.length - pos) / r.labels.length;
  return (wilsonInterval(r.estimate * n, n)?.low ?? 0) > share;
}

/** Paired against the other constant verdict too (on a tie both are baselines). */
function beatsMinority(r: LearnRecord) {
  const minority = !majorityOf(r);
  let wins = 0;
  let losses = 0;
  for (const h of r.held) {
    const label = r.labels[h.i]!;
    wins += label !== minority && h.verdict === label ? 1 : 0;
    losses += label === minority && h.verdict !== label ? 1 : 0;
  }
  return signTest(wins, losses).midP < LEVEL;
}

/** The held-out accuracy alone (no credit for the final version's fit) clears the majority share. */
function heldOutClears(r: LearnRecord) {
  const pos = r.labels.filter(Boolean).length;
  const share = Math.max(pos, r.labels.length - pos) / r.labels.length;
  const n = r.labels.length;
  return (wilsonInterval(r.heldOutAccuracy * n, n)?.low ?? 0) > share;
}

const correct = (r: LearnRecord) => {
  const xs = r.labels.map(() => 1);
  for (const h of r.held) {
    xs[h.i] = h.verdict === r.labels[h.i] ? 1 : 0;
  }
  return xs;
};

const sameRules = (r: LearnRecord) => {
  const ids = (s: string) => s.split(' ; ').map((p) => p.replace(/^not /, ''));
  return r.foldRules.filter((f) => ids(r.rules).every((p) => ids(f).includes(p))).length;
};

export const RULES: Record<string, (r: LearnRecord) => boolean> = {
  'as now': (r) => r.clear,
  'and a sign test over groups': (r) => r.clear && groupSignTest(r) < LEVEL,
  'and the rarer label in 3+ groups': (r) => r.clear && rareGroups(r) >= 3,
  'and the rarer label in 4+ groups': (r) => r.clear && rareGroups(r) >= 4,
  'and Wilson over n/deff (labels)': (r) => r.clear && effectiveClears(r, r.labels.map(Number)),
  'and Wilson over n/deff (right or wrong)': (r) => r.clear && effectiveClears(r, correct(r)),
  'and beats the other constant too': (r) => r.clear && beatsMinority(r),
  'and 3+ fold models with its rules': (r) => r.clear && sameRules(r) >= 3,
  'no .632+ credit unless 3+ fold models have its rules': (r) =>
    r.clear && (sameRules(r) >= 3 || heldOutClears(r)),
  'and its fit beats the within-task majority on mixed tasks': (r) =>
    r.clear && contrastHolds(r, 'fit', true),
  'and held out, not below the within-task majority on mixed tasks': (r) =>
    r.clear && contrastHolds(r, 'held', false),
  'and held out, above the within-task majority on mixed tasks': (r) =>
    r.clear && contrastHolds(r, 'held', true),
};

const TARGET: Record<string, number> = {
  single: 0.97,
  pattern: 0.9,
  conjunction: 0.9,
  ordering: 0.9,
};

/** bench:quality's met targets (seeds 1-5) that `rule` loses against the rule as now. */
function lostTargets(records: LearnRecord[], rule: (r: LearnRecord) => boolean) {
  const met = (rs: LearnRecord[], f: (r: LearnRecord) => boolean) => {
    const made = rs.filter(f);
    const mean = made.reduce((a, r) => a + r.forcedAccuracy, 0) / Math.max(1, made.length);
    return made.length > 0 && mean >= (TARGET[rs[0]!.kind] ?? 2);
  };
  const byId = new Map<string, LearnRecord[]>();
  for (const r of records.filter((x) => x.set === 'bench' && x.seed <= 5)) {
    byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  }
  return [...byId].filter(([, rs]) => met(rs, (r) => r.clear) && !met(rs, rule)).map(([id]) => id);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const records: LearnRecord[] = process.argv
  .slice(2)
  .flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as LearnRecord[]);
for (const set of ['bench', 'dev'] as const) {
  const rs = records.filter((r) => r.set === set);
  const kinds = [...new Set(rs.map((r) => r.kind))];
  console.log(`\n${set}: ${rs.length} learns\n`);
  console.log(
    `| rule | created | above majority | not above | over-confident | abstained, >3 points above | ${kinds.join(' | ')} | bench targets lost |`,
  );
  console.log(
    `| --- | --- | --- | --- | --- | --- | ${kinds.map(() => '---').join(' | ')} | --- |`,
  );
  for (const [name, rule] of Object.entries(RULES)) {
    const made = rs.filter(rule);
    const above = made.filter((r) => r.forcedAccuracy > r.majorityAccuracy).length;
    const over = made.filter((r) => r.estimate - r.forcedAccuracy > 0.1).length;
    const missed = rs.filter(
      (r) => !rule(r) && r.forcedAccuracy > r.majorityAccuracy + 0.03,
    ).length;
    const eff = kinds.map((k) => {
      const of = rs.filter((r) => r.kind === k);
      return pct(
        of.reduce((a, r) => a + (rule(r) ? r.forcedAccuracy : r.majorityAccuracy), 0) / of.length,
      );
    });
    const lost = set === 'bench' ? lostTargets(records, rule).join(', ') || 'none' : '';
    console.log(
      `| ${name} | ${made.length} | ${above} | ${made.length - above} | ${over} | ${missed} | ${eff.join(' | ')} | ${lost} |`,
    );
  }
}
for (const set of ['bench', 'dev'] as const) {
  contrastOfVersions(
    set,
    records.filter((r) => r.set === set),
  );
}
