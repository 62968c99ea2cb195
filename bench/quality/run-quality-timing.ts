import type { Domain } from './domains';
import { timeLearning } from './time-synthesis';

/** The criteria timed per domain: its first single-property and first ordering criterion. */
export function timedCriteria(domain: Domain) {
  return [
    domain.criteria.find((c) => c.kind === 'single'),
    domain.criteria.find((c) => c.kind === 'ordering'),
  ].filter((c) => c !== undefined);
}

const ms = (x: number) => x.toFixed(0);

/** The report's timing section: 200 labelled traces per timed criterion. */
export async function timingSection(domains: Domain[]): Promise<string[]> {
  const lines = [
    '### Learning time, 200 labelled traces',
    '',
    'Median of 5 rounds (min-max; CPU time of the process beside, as the machine is shared) with the one-fact learner on the same input run back to back each round as context (it does far less work, so no ratio); target: under 2000 ms.',
    '',
  ];
  for (const domain of domains) {
    for (const c of timedCriteria(domain)) {
      const t = await timeLearning(domain.views, c.labels());
      lines.push(
        `- ${domain.name} \`${c.id}\`: ${ms(t.learner.median)} ms wall (${ms(t.learner.min)}-${ms(t.learner.max)}), ${ms(t.learnerCpu.median)} ms CPU; one-fact learner ${t.oneFact.median.toFixed(1)} ms; wall ${t.learner.median < 2000 ? 'under' : 'OVER'} 2000 ms`,
      );
    }
  }
  return lines;
}
