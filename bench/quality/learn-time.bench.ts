// Learning an eval from 200 labelled traces (issue #14: under 2 s of synthesis), per domain, in
// `npm run bench`; `npm run bench:quality` prints the same figures under its accuracy table.
import { startBench } from '../lib/report';
import { codingDomain, type Domain, tauDomain } from './domains';
import { timedCriteria } from './run-quality-timing';
import { timeLearning } from './time-synthesis';

const bench = startBench('quality-learn-time', 'Learning an eval from 200 labelled traces');
const tau = tauDomain();
if (!tau) {
  bench.note('tau-bench runs are absent (../shared/data/tau-bench): coding-agent domain only');
}
for (const domain of [tau, codingDomain()].filter((d): d is Domain => d !== null)) {
  for (const c of timedCriteria(domain)) {
    const t = await timeLearning(domain.views, c.labels());
    const name = `${domain.name} ${c.id}`;
    bench.figure({ name: `learner.ts, ${name}`, unit: 'ms', value: t.learner });
    const met = t.learner.median < 2000 ? 'under 2 s (met)' : 'over 2 s (NOT met)';
    bench.note(`${name}: ${Math.round(t.learner.median)} ms wall, ${met}`);
    bench.figure({ name: `learner.ts CPU time, ${name}`, unit: 'ms', value: t.learnerCpu });
    bench.figure({ name: `context: one-fact learner, ${name}`, unit: 'ms', value: t.oneFact });
  }
}
bench.note(
  'Target (issue #14): under 2 s of learning for 200 labelled traces, an absolute time. No baseline does the same work, so no ratio is printed; the one-fact learner (the best single tool fact, no folds, no rule search) is context only.',
);
bench.done();
