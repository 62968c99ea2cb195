import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng (xoroshiro128+)', () => {
  it('seeds from SplitMix64: seed 0 gives its published first output as the first word', () => {
    expect(Rng.fromSeed(0).getState()[0]).toBe('e220a8397b1dcdaf');
  });

  it('steps as the reference algorithm does from the state {1, 2}', () => {
    const rng = Rng.fromState(['0000000000000001', '0000000000000002']);
    expect(rng.nextU64()).toBe(3n);
    // s1 = 1^2 = 3; s0 = rotl(1,24) ^ 3 ^ (3 << 16) = 0x1030003; s1 = rotl(3,37) = 0x6000000000
    expect(rng.getState()).toEqual(['0000000001030003', '0000006000000000']);
    expect(rng.nextU64()).toBe(0x6001030003n);
  });

  it('continues the same stream after a round trip through JSON', () => {
    const a = Rng.fromSeed(42);
    a.next();
    const b = Rng.fromState(JSON.parse(JSON.stringify(a.getState())));
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(
      Array.from({ length: 20 }, () => a.next()),
    );
  });

  it('draws integers in range and distinct samples', () => {
    const rng = Rng.fromSeed(1);
    const seen = new Set<number>();
    for (let n = 0; n < 500; n++) {
      const x = rng.int(7);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(7);
      seen.add(x);
    }
    expect(seen.size).toBe(7);
    const s = rng.sample(['a', 'b', 'c', 'd'], 3);
    expect(new Set(s).size).toBe(3);
    expect(() => rng.sample(['a'], 2)).toThrow();
  });
});
