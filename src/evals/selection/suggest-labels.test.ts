import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { makeView } from '../synth/testing/make-view';
import { suggestLabels } from './suggest-labels';
import { suggestRarerFirst } from './suggest-rarer-first';

const task = (t: number, user = `task ${t}`) => makeView([{ user }], { task_id: t });
// three passes, one fail, all of task 1 and 2
const labelled = [
  { view: task(1, 'a'), label: true },
  { view: task(1, 'b'), label: true },
  { view: task(2, 'c'), label: true },
  { view: task(2, 'd'), label: false },
];
// a model: fails the traces whose first user message is one of `fail`
const says =
  (...fail: string[]) =>
  (v: EvalView) =>
    !fail.includes(v.messages.find((m) => m.role === 'user')?.content ?? '');

describe('suggestLabels', () => {
  it('ranks a trace of an unlabelled task the committee splits on above one every model agrees on', () => {
    const unlabelled = [
      { id: 'agreed', view: task(1, 'agreed') },
      { id: 'split', view: task(9, 'split') },
    ];
    const out = suggestLabels({
      labelled,
      final: says(),
      folds: [says('split'), says('split'), says()],
      unlabelled,
      n: 2,
    });
    expect(out.map((s) => s.id)).toEqual(['split', 'agreed']);
    expect(out[0]?.why.join(' ')).toMatch(/disagree: 2 of 4 say pass/);
    expect(out[0]?.why.join(' ')).toMatch(/task none of your labels/);
    expect(out[1]?.why).toEqual([]);
  });

  it('prefers the rarer verdict, then tasks not yet labelled, among traces the models agree on', () => {
    const unlabelled = [
      { id: 'seen-pass', view: task(1, 'p') },
      { id: 'new-pass', view: task(7, 'q') },
      { id: 'seen-fail', view: task(2, 'r') },
    ];
    const all = says('r');
    const out = suggestLabels({ labelled, final: all, folds: [all, all], unlabelled, n: 3 });
    expect(out.map((s) => s.id)).toEqual(['seen-fail', 'new-pass', 'seen-pass']);
    expect(out[0]?.why.join(' ')).toMatch(/judged fail, the rarer verdict/);
  });

  it('spreads suggestions over tasks before taking a second trace of one', () => {
    const unlabelled = [
      { id: 'x1', view: task(5, 'x1') },
      { id: 'x2', view: task(5, 'x2') },
      { id: 'y1', view: task(6, 'y1') },
    ];
    const fail = says('x1', 'x2', 'y1');
    const out = suggestLabels({ labelled, final: fail, folds: [fail], unlabelled, n: 2 });
    expect(out.map((s) => s.id).sort()).toEqual(['x1', 'y1'].sort());
  });

  it('is the same for the same traces and seed whatever their ids and order, and stops at n', () => {
    const views = Array.from({ length: 12 }, (_, i) => task(20 + i, `same ${i}`));
    const run = (ids: string[], order: number[], seed: number) =>
      suggestLabels({
        labelled,
        final: says(),
        folds: [says()],
        unlabelled: order.map((i) => ({ id: ids[i] as string, view: views[i]! })),
        n: 5,
        seed,
      }).map((s) => views[ids.indexOf(s.id)]);
    const ids = views.map((_, i) => `t${i}`);
    const other = views.map((_, i) => `row_${99 - i}`);
    const forward = views.map((_, i) => i);
    const first = run(ids, forward, 3);
    expect(first).toHaveLength(5);
    expect(run(other, [...forward].reverse(), 3)).toEqual(first);
    expect(run(ids, forward, 4)).not.toEqual(first);
  });
});

const hybridPool = [
  { id: 'split', view: task(9, 'split') },
  { id: 'rare', view: task(8, 'rare') },
  { id: 'plain', view: task(7, 'plain') },
];
const hybridFolds = [says('split'), says('split'), says()];

describe('suggestRarerFirst', () => {
  it("puts the final version's rarer verdict before the committee's disagreement", () => {
    const input = {
      labelled,
      final: says('rare'),
      folds: hybridFolds,
      unlabelled: hybridPool,
      n: 2,
    };
    const out = suggestRarerFirst(input);
    expect(out.map((s) => s.id)).toEqual(['rare', 'split']);
    expect(out[0]?.why.join(' ')).toMatch(/judged fail, the rarer verdict/);
    expect(out[1]?.why.join(' ')).toMatch(/disagree: 2 of 4 say pass/);
    // the committee alone puts the disagreement first
    expect(suggestLabels(input)[0]?.id).toBe('split');
  });

  it("is the committee's suggestion when the final version judges no trace the rarer verdict", () => {
    const input = {
      labelled,
      final: says(),
      folds: hybridFolds,
      unlabelled: hybridPool,
      n: 3,
      seed: 5,
    };
    expect(suggestRarerFirst(input)).toEqual(suggestLabels(input));
  });

  it('stops at n within the rarer verdict', () => {
    const out = suggestRarerFirst({
      labelled,
      final: says('rare', 'plain'),
      folds: hybridFolds,
      unlabelled: hybridPool,
      n: 2,
    });
    expect(out.map((s) => s.id).sort()).toEqual(['plain', 'rare']);
  });
});
