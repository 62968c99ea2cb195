import { describe, expect, it } from 'vitest';
import type { LabelledTraceRow } from '../internal';
import type { BaselineComparison } from '../selection/judge-against-baseline';
import { makeView } from '../synth/testing/make-view';
import { explainAbstention } from './explain-abstention';
import type { EvaluatedCandidate } from './persist-generation';

const rows = (positives: number, negatives: number): LabelledTraceRow[] =>
  Array.from({ length: positives + negatives }, (_, i) => ({
    id: `t${i}`,
    view: makeView([{ user: `ticket ${i}` }]),
    label: i < positives ? 'positive' : 'negative',
    externalId: `conv-${i}`,
    name: i % 2 === 0 ? `Ticket ${i}` : null,
  }));

describe('explainAbstention advice on notes', () => {
  it('asks for notes only when a model reads them', () => {
    for (const labelled of [rows(30, 3), rows(20, 20)]) {
      const without = explainAbstention(null, null, labelled).labelNext;
      const withModel = explainAbstention(null, null, labelled, { notesRead: true }).labelNext;
      expect(without).toMatch(/^Label more traces/);
      expect(without).not.toMatch(/note/);
      expect(withModel).toMatch(/note/);
    }
  });
});

describe('explainAbstention with a constant best candidate', () => {
  // 25 pass, 15 fail; folds retrained found rules that did worse than always passing (60%).
  const labelled = rows(25, 15);
  const baseline = {
    majority: true,
    baselineAccuracy: 0.625,
    accuracy: 0.6,
    heldOutAccuracy: 0.6,
    interval: { low: 0.42, high: 0.72 },
    kappa: 0.05,
    clear: false,
  } as unknown as BaselineComparison;
  // the shown candidate fails every fifth trace, passes the rest
  const candidate = (rules: string[], constantVerdict?: boolean) =>
    ({
      id: 'cand-1',
      generator: 'synthesiser',
      rules,
      ...(constantVerdict === undefined ? {} : { constantVerdict }),
      outcomes: labelled.map((t, i) => ({
        traceId: t.id,
        ok: true,
        passed: i % 5 !== 0,
        reason: i % 5 === 0 ? `the call at step ${i} failed` : 'no tool call failed',
        durationMs: 1,
        output: '',
      })),
      report: {
        heldOut: labelled.slice(0, 17).map((t) => ({
          traceId: t.id,
          label: t.label,
          verdict: t.label !== 'positive',
          reason: 'a fold rule',
        })),
      },
    }) as unknown as EvaluatedCandidate;

  it('does not show the constant rule next to a held-out figure below the baseline', () => {
    const best = candidate(['Always pass: no rule separated the labelled traces.'], true);
    const answer = explainAbstention(best, baseline, labelled);
    expect(answer.best).toBeNull();
    expect(answer.wrong).toEqual([]);
    expect(answer.message).not.toMatch(/60%/);
    expect(answer.message).toMatch(/always saying pass: that alone agrees with 25 of 40/);
    expect(answer.message).toMatch(/No candidate found a rule that holds on all your labels/);
    expect(answer.message).toMatch(
      /separates no good trace from a bad one and would always say pass\.$/,
    );
    expect(answer.message).not.toMatch(/says: Always/);
  });

  it('names the constant verdict the best candidate would give when it is fail', () => {
    const best = candidate(['Always fail: no rule separated the labelled traces.'], false);
    const answer = explainAbstention(best, baseline, labelled);
    expect(answer.message).toMatch(/would always say fail\.$/);
  });

  it('reads the constant verdict from the candidate, not from the words of its rule', () => {
    for (const verdict of [true, false]) {
      const best = candidate(['Every trace gets the same verdict.'], verdict);
      const answer = explainAbstention(best, baseline, labelled);
      expect(answer.best).toBeNull();
      expect(answer.message).toMatch(
        new RegExp(`would always say ${verdict ? 'pass' : 'fail'}\\.$`),
      );
    }
  });

  it('still shows a candidate with rules and its held-out figure', () => {
    const best = candidate(['Fail when a tool call failed.', 'Otherwise pass.']);
    const answer = explainAbstention(best, baseline, labelled);
    expect(answer.best?.accuracy).toBe(0.6);
    expect(answer.best?.rules).toEqual(best.rules);
    expect(answer.message).toMatch(/agreed with 60% of the labels it had not seen/);
    expect(answer.wrong.length).toBeGreaterThan(0);
  });

  it('lists the traces the shown candidate gets wrong, by its own verdicts, with ids people know', () => {
    const best = candidate(['Fail when a tool call failed.', 'Otherwise pass.']);
    const answer = explainAbstention(best, baseline, labelled);
    // 25 good (t0-t24), 15 bad (t25-t39): wrong are the good it fails and the bad it passes
    const expected = labelled.filter((t, i) => (i % 5 !== 0) !== (t.label === 'positive'));
    expect(answer.wrong.map((w) => w.traceId)).toEqual(expected.map((t) => t.id).slice(0, 20));
    expect(answer.wrong[0]).toEqual({
      traceId: 't0',
      externalId: 'conv-0',
      name: 'Ticket 0',
      label: 'positive',
      verdict: 'fail',
      reason: 'the call at step 0 failed',
    });
    expect(answer.wrong[1]).toMatchObject({ traceId: 't5', externalId: 'conv-5', name: null });
    // never the fold models' reasons, from rules the shown candidate does not contain
    expect(answer.wrong.some((w) => w.reason === 'a fold rule')).toBe(false);
    const bad = answer.wrong.find((w) => w.label === 'negative');
    expect(bad).toMatchObject({ verdict: 'pass', reason: 'no tool call failed' });
  });

  it('says apart what the fold models got right and the estimate for the final version', () => {
    const best = candidate(['Fail when a tool call failed.', 'Otherwise pass.']);
    const estimated = { ...baseline, heldOutAccuracy: 0.5 };
    const answer = explainAbstention(best, estimated, labelled);
    expect(answer.message).toMatch(
      /agreed with 50% of the labels it had not seen; trained on all of them it would agree with about 60%/,
    );
  });

  it('names the wins and losses against the constant verdict when only the paired test refused', () => {
    const best = candidate(['Fail when a tool call failed.', 'Otherwise pass.']);
    const paired = {
      ...baseline,
      accuracy: 0.8,
      interval: { low: 0.65, high: 0.9 },
      kappa: 0.3,
      wins: 10,
      losses: 5,
      pairedP: 0.1051,
    };
    const answer = explainAbstention(best, paired, labelled);
    expect(answer.message).toMatch(
      /always saying pass disagree, it was right on 10 and wrong on 5: .*mid-p 0\.11, 0\.05 needed/,
    );
    expect(answer.message).toMatch(/\(95% interval 65%–90%\)\. On the labels/);
    // an interval that did not clear says nothing of the paired test
    expect(explainAbstention(best, baseline, labelled).message).not.toMatch(/mid-p/);
  });
});

describe('explainAbstention with too few labels of the rarer kind', () => {
  it('says how many more a version needs however right it is, and nothing when it is enough', () => {
    // 37 pass, 3 fail: even a rule right on all 40 cannot clear 92.5%; a 4th failing label can
    expect(explainAbstention(null, null, rows(37, 3)).labelNext).toMatch(
      /you have 3 of them against 37 .*With fewer than 4, .*label at least 1 more/,
    );
    expect(explainAbstention(null, null, rows(39, 1)).labelNext).toMatch(/at least 3 more/);
    expect(explainAbstention(null, null, rows(34, 6)).labelNext).not.toMatch(/fewer than/);
  });
});

describe('explainAbstention with the rarer labels held out together', () => {
  // 34 pass, 6 fail (t34..t39): enough to clear, but all six were held out in one fold
  const labelled = rows(34, 6);
  const ids = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => `t${from + i}`);

  it('asks for failing traces of other tasks when one fold held every failing label', () => {
    const folds = [ids(0, 8), ids(8, 16), ids(16, 24), ids(24, 32), ids(32, 40)];
    const answer = explainAbstention(null, null, labelled, { folds });
    expect(answer.labelNext).toMatch(/^Label traces that should fail from other tasks: all 6/);
  });

  it('says nothing of it when the failing labels were spread over folds', () => {
    const spread = [
      [...ids(0, 6), 't34', 't35'],
      [...ids(6, 13), 't36'],
      [...ids(13, 20), 't37'],
      [...ids(20, 27), 't38'],
      [...ids(27, 34), 't39'],
    ];
    expect(explainAbstention(null, null, labelled, { folds: spread }).labelNext).not.toMatch(
      /held out together/,
    );
  });
});
