import { describe, expect, it } from 'vitest';
import { joinGroups } from './join-groups';

describe('joinGroups', () => {
  it('keeps the groups when no trace has a cluster', () => {
    expect(joinGroups(['a', 'b', 'a'], [undefined, undefined, undefined])).toEqual(['a', 'b', 'a']);
  });

  it('joins groups whose traces share a cluster, transitively', () => {
    const out = joinGroups(['a', 'b', 'c', 'd', 'e'], ['x', 'x', 'y', 'y', undefined]);
    expect(out[0]).toBe(out[1]);
    expect(out[2]).toBe(out[3]);
    expect(out[0]).not.toBe(out[2]);
    expect(out[4]).toBe('e');
    const chained = joinGroups(['a', 'a', 'b', 'c'], ['x', undefined, 'x', 'y']);
    expect(new Set(chained.slice(0, 3)).size).toBe(1);
    expect(chained[3]).toBe('c');
  });
});
