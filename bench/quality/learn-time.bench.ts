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
    bench.figure({ name: `baseline: one-fact learner, ${name}`, unit: 'ms', value: t.baseline });
    bench.figure({
      name: `learner.ts, ${name}`,
      unit: 'ms',
      value: t.learner,
      ratio: { of: `baseline: one-fact learner, ${name}`, value: t.ratio },
    });
    bench.figure({ name: `learner.ts CPU time, ${name}`, unit: 'ms', value: t.learnerCpu });
  }
}
bench.note(
  'The baseline is the simplest honest learner (the best single tool fact), not a ceiling: the ratio is what the learner costs over it.',
);
bench.done();
