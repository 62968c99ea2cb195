import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { makeView } from '../synth/testing/make-view';
import { suggestLabels } from './suggest-labels';
import { suggestRarerFirst } from './suggest-rarer-first';

const task = (t: number, user = `task ${t}`) => makeView([{ user }], { task_id: t });
// three passes, one fail: fail is the rarer verdict
const labelled = [
  { view: task(1, 'a'), label: true },
  { view: task(1, 'b'), label: true },
  { view: task(2, 'c'), label: true },
  { view: task(2, 'd'), label: false },
];
const says =
  (...fail: string[]) =>
  (v: EvalView) =>
    !fail.includes(v.messages.find((m) => m.role === 'user')?.content ?? '');
const unlabelled = [
  { id: 'split', view: task(9, 'split') },
  { id: 'rare', view: task(8, 'rare') },
  { id: 'plain', view: task(7, 'plain') },
];
const folds = [says('split'), says('split'), says()];

describe('suggestRarerFirst', () => {
  it("puts the final version's rarer verdict before the committee's disagreement", () => {
    const input = { labelled, final: says('rare'), folds, unlabelled, n: 2 };
    const out = suggestRarerFirst(input);
    expect(out.map((s) => s.id)).toEqual(['rare', 'split']);
    expect(out[0]?.why.join(' ')).toMatch(/judged fail, the rarer verdict/);
    expect(out[1]?.why.join(' ')).toMatch(/disagree: 2 of 4 say pass/);
    // the committee alone puts the disagreement first
    expect(suggestLabels(input)[0]?.id).toBe('split');
  });

  it("is the committee's suggestion when the final version judges no trace the rarer verdict", () => {
    const input = { labelled, final: says(), folds, unlabelled, n: 3, seed: 5 };
    expect(suggestRarerFirst(input)).toEqual(suggestLabels(input));
  });

  it('stops at n within the rarer verdict', () => {
    const out = suggestRarerFirst({
      labelled,
      final: says('rare', 'plain'),
      folds,
      unlabelled,
      n: 2,
    });
    expect(out.map((s) => s.id).sort()).toEqual(['plain', 'rare']);
  });
});
