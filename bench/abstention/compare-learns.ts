// Compares two recordings of the same learns (record-learns.ts, same seeds) made by two builds of
// the learner: per set, the versions created and how many were not above the training majority
// held out, the mean held-out accuracy of every final version forced (abstentions included) and
// how many non-constant ones were not above the majority, effective accuracy per kind (an
// abstention scored as the majority), bench:quality's targets (seeds 1-5) met by one and not the
// other, and each learn whose decision changed or whose forced accuracy moved by more than 2
// points. Usage: npx tsx bench/abstention/compare-learns.ts before.json after.json
import { readFileSync } from 'node:fs';
import type { LearnRecord } from './learn-record';

const TARGET: Record<string, number> = {
  single: 0.97,
  pattern: 0.9,
  conjunction: 0.9,
  ordering: 0.9,
};
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const key = (r: LearnRecord) => `${r.set}|${r.id}|${r.seed}`;
const notAbove = (r: LearnRecord) => r.forcedAccuracy <= r.majorityAccuracy;
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);

/** One build's line: created, not above, forced accuracy and effective accuracy per kind. */
function summary(rs: LearnRecord[], kinds: string[]) {
  const made = rs.filter((r) => r.clear);
  const perKind = (score: (r: LearnRecord) => number) =>
    kinds.map((k) => pct(mean(rs.filter((r) => r.kind === k).map(score)))).join(' | ');
  const forcedBad = rs.filter((r) => r.rules !== 'const' && notAbove(r)).length;
  return `${made.length} | ${made.filter(notAbove).length} | ${forcedBad} | ${perKind((r) => r.forcedAccuracy)} | ${perKind((r) => (r.clear ? r.forcedAccuracy : r.majorityAccuracy))}`;
}

/** bench:quality rows (seeds 1-5) whose target one build meets and the other does not. */
function targetsMet(rs: LearnRecord[]) {
  const byId = new Map<string, LearnRecord[]>();
  for (const r of rs.filter((x) => x.set === 'bench' && x.seed <= 5)) {
    byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  }
  return new Set(
    [...byId]
      .filter(([, of]) => {
        const made = of.filter((r) => r.clear);
        const target = TARGET[of[0]?.kind ?? ''] ?? 2;
        return made.length > 0 && mean(made.map((r) => r.forcedAccuracy)) >= target;
      })
      .map(([id]) => id),
  );
}

const describe = (r: LearnRecord) =>
  `${r.clear ? 'created' : 'abstained'} ${pct(r.forcedAccuracy)} [${r.rules}]`;

const [before, after] = process.argv
  .slice(2, 4)
  .map((f) => JSON.parse(readFileSync(f, 'utf8')) as LearnRecord[]);
const afterOf = new Map((after ?? []).map((r) => [key(r), r]));
const paired = (before ?? []).filter((r) => afterOf.has(key(r)));
const seeds = [...new Set(paired.map((r) => r.seed))].sort((a, b) => a - b);
console.log(`${paired.length} learns in both, seeds ${seeds.join(', ')}`);
for (const set of ['bench', 'dev'] as const) {
  const a = paired.filter((r) => r.set === set);
  const b = a.map((r) => afterOf.get(key(r)) as LearnRecord);
  const kinds = [...new Set(a.map((r) => r.kind))];
  console.log(`\n${set}: ${a.length} learns\n`);
  console.log(
    `| build | created | created, not above | forced, not above | ${kinds.map((k) => `forced ${k}`).join(' | ')} | ${kinds.join(' | ')} |`,
  );
  console.log(`| --- | --- | --- | --- | ${[...kinds, ...kinds].map(() => '---').join(' | ')} |`);
  console.log(`| before | ${summary(a, kinds)} |`);
  console.log(`| after | ${summary(b, kinds)} |`);
  a.forEach((r, k) => {
    const s = b[k] as LearnRecord;
    if (r.clear !== s.clear || Math.abs(r.forcedAccuracy - s.forcedAccuracy) > 0.02) {
      console.log(`\n- ${r.id} seed ${r.seed} (${r.kind}, majority ${pct(r.majorityAccuracy)}):`);
      console.log(`  ${describe(r)} -> ${describe(s)}`);
    }
  });
  const changed = a.filter((r, k) => r.rules !== b[k]?.rules || r.clear !== b[k]?.clear).length;
  console.log(`\nLearns whose rules or decision changed: ${changed}.`);
}
const [metBefore, metAfter] = [targetsMet(paired), targetsMet([...afterOf.values()])];
console.log(
  `bench:quality targets lost: ${[...metBefore].filter((id) => !metAfter.has(id)).join(', ') || 'none'}; gained: ${[...metAfter].filter((id) => !metBefore.has(id)).join(', ') || 'none'}`,
);
