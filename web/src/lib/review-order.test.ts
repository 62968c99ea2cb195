import { describe, expect, it } from 'vitest';
import { alternateByVerdict, type Verdict } from './review-order';

const verdicts = (entries: [string, Verdict][]) => new Map(entries);

describe('alternateByVerdict', () => {
  it('alternates likely-good and likely-bad traces, keeping their order within each kind', () => {
    const ids = ['g1', 'g2', 'g3', 'b1', 'b2'];
    const v = verdicts([
      ['g1', 'pass'],
      ['g2', 'pass'],
      ['g3', 'pass'],
      ['b1', 'fail'],
      ['b2', 'fail'],
    ]);
    expect(alternateByVerdict(ids, v)).toEqual(['g1', 'b1', 'g2', 'b2', 'g3']);
  });

  it('puts traces without a verdict last, in their original order', () => {
    const v = verdicts([
      ['b', 'fail'],
      ['g', 'pass'],
    ]);
    expect(alternateByVerdict(['x', 'b', 'y', 'g'], v)).toEqual(['g', 'b', 'x', 'y']);
  });

  it('keeps the order when there are no verdicts', () => {
    expect(alternateByVerdict(['a', 'b', 'c'], new Map())).toEqual(['a', 'b', 'c']);
  });
});
