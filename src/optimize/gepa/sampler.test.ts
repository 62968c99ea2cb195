import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { initialSampler, nextMinibatch, type SamplerState } from './sampler';

describe('epoch-shuffled minibatch sampler', () => {
  it('pads to a multiple of the batch with the least-used id placed last', () => {
    const rng = Rng.fromSeed(5);
    const { sampler } = nextMinibatch(initialSampler(), ['a', 'b', 'c', 'd'], 3, 0, rng);
    const [x, y, z, u] = sampler.shuffled.slice(0, 4);
    expect(new Set([x, y, z, u])).toEqual(new Set(['a', 'b', 'c', 'd']));
    // every id used once: pad with the last, then the last of those still used once
    expect(sampler.shuffled.slice(4)).toEqual([u, z]);
  });

  it('serves every train id in every epoch (200 random runs)', () => {
    const world = Rng.fromSeed(9);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + world.int(15);
      const size = 1 + world.int(Math.min(n, 5));
      const ids = Array.from({ length: n }, (_, t) => `t${t}`);
      const rng = Rng.fromSeed(trial);
      let sampler: SamplerState = initialSampler();
      const served = new Map<number, Set<string>>();
      const iterations = 1 + world.int(40);
      for (let i = 0; i < iterations; i++) {
        const next = nextMinibatch(sampler, ids, size, i, rng);
        sampler = next.sampler;
        expect(next.ids).toHaveLength(size);
        const set = served.get(sampler.epoch) ?? new Set();
        for (const id of next.ids) {
          set.add(id);
        }
        served.set(sampler.epoch, set);
      }
      const perEpoch = Math.ceil(n / size);
      const complete = Math.floor(iterations / perEpoch);
      for (let e = 0; e < complete; e++) {
        expect(served.get(e)?.size).toBe(n);
      }
    }
  });

  it('skips the blocks of iterations that took no minibatch (merge iterations)', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const first = nextMinibatch(initialSampler(), ids, 2, 0, Rng.fromSeed(1));
    const third = nextMinibatch(first.sampler, ids, 2, 1, Rng.fromSeed(1));
    expect(third.ids).toEqual(first.sampler.shuffled.slice(2, 4));
  });
});
