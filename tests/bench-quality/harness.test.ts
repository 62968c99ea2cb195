import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import type { Domain } from '../../bench/quality/domains';
import { evaluateCriterion } from '../../bench/quality/evaluate-criterion';
import type { Learned, LearnerInput } from '../../bench/quality/learner';
import { renderReport } from '../../bench/quality/report';
import { runDomain } from '../../bench/quality/run-domain';
import { planSplits } from '../../bench/quality/split';
import { summarise } from '../../bench/quality/summarise';

const view = (id: string): EvalView => ({
  version: 1,
  trace_id: id,
  steps: [],
  messages: [],
  input: null,
  output: null,
  metadata: {},
});

// 20 groups of 4 traces; a trace passes unless its index is a multiple of 4 (75% pass).
const views = Array.from({ length: 80 }, (_, i) => view(`t${i}`));
const groups = views.map((_, i) => `g${Math.floor(i / 4)}`);
const labels = views.map((_, i) => i % 4 !== 0);
const splits = planSplits(groups, 5, 20);
const byId = new Map(views.map((v, i) => [v.trace_id, labels[i]!]));

const always = (verdict: boolean) => (): Learned => ({
  abstained: false,
  predict: () => verdict,
  rules: `always ${verdict}`,
});
const abstain = (): Learned => ({ abstained: true, reason: 'not enough signal' });
const oracle = (): Learned => ({
  abstained: false,
  predict: (v) => byId.get(v.trace_id)!,
  rules: 'oracle',
});

const result = (
  learner: (input: LearnerInput) => Learned,
  kind: 'single' | 'ordering' = 'single',
) => ({
  domain: 'test',
  id: 'c',
  says: 'c',
  kind,
  ...evaluateCriterion(views, labels, splits, 'c', learner),
});

describe('bench:quality harness', () => {
  it('applies the training majority to the held-out traces as the baseline', () => {
    const r = result(always(true));
    for (const s of r.seeds) {
      expect(s.majority).toBe(0.75);
      expect(s.accuracy).toBe(0.75);
      expect(s.kappa).toBe(0);
    }
    expect(summarise(r).status).toBe('missed');
  });

  it('marks a learner under the majority baseline plainly', () => {
    const s = summarise(result(always(false)));
    expect(s.meanAccuracy).toBe(0.25);
    expect(s.belowBaseline).toBe(true);
    expect(s.status).toBe('BELOW BASELINE');
    expect(s.seedsBelowMajority).toBe(5);
    expect(renderReport([result(always(false))], [])).toContain('BELOW BASELINE');
  });

  it('reports abstentions, never as accuracy and never as a met target', () => {
    const r = result(abstain);
    const s = summarise(r);
    expect(r.seeds.every((x) => x.abstained && x.accuracy === null)).toBe(true);
    expect(s.abstained).toBe(5);
    expect(s.targetMet).toBe(false);
    expect(s.status).toBe('ABSTAINED (no eval)');
    const some = (input: LearnerInput) => (input.seed % 2 === 0 ? abstain() : oracle());
    expect(summarise(result(some)).status).toBe('met, ABSTAINED 2/5');
  });

  it('holds a perfect learner to its kind target', () => {
    const s = summarise(result(oracle, 'ordering'));
    expect(s.meanAccuracy).toBe(1);
    expect(s.meanKappa).toBe(1);
    expect(s.status).toBe('met');
  });

  it('gives the learner only the training traces of each split', () => {
    const seen: string[][] = [];
    result((input) => {
      seen.push(input.examples.map((e) => e.view.trace_id));
      return always(true)();
    });
    expect(seen).toEqual(splits.map((s) => s.train.map((i) => `t${i}`)));
  });

  it('trains every criterion of a domain on the same traces, whatever their labels', () => {
    const labelCalls: string[] = [];
    const criterion = (id: string, label: (i: number) => boolean) => ({
      id,
      says: id,
      kind: 'single' as const,
      labels: () => {
        labelCalls.push(id);
        return views.map((_, i) => label(i));
      },
    });
    const domain: Domain = {
      name: 'test',
      description: '',
      views,
      groups,
      criteria: [
        criterion('mostly-pass', (i) => i !== 7),
        criterion('one-group-fails', (i) => Math.floor(i / 4) !== 3),
        criterion('alternating', (i) => i % 2 === 0),
      ],
    };
    const trained = new Map<string, string[]>();
    runDomain(domain, {
      seeds: 5,
      trainSize: 20,
      learner: (input) => {
        trained.set(
          `${input.name}/${input.seed}`,
          input.examples.map((e) => e.view.trace_id),
        );
        return always(true)();
      },
    });
    expect(labelCalls).toEqual(['mostly-pass', 'one-group-fails', 'alternating']);
    for (let seed = 1; seed <= 5; seed++) {
      const sets = [1, 2, 3].map((k) => trained.get(`test_criterion_${k}/${seed}`));
      expect(sets[0]).toHaveLength(20);
      expect(sets[1]).toEqual(sets[0]);
      expect(sets[2]).toEqual(sets[0]);
    }
  });
});
