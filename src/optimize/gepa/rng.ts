const MASK = (1n << 64n) - 1n;

/** The generator's whole state, JSON-safe: two 64-bit words as 16-digit hex strings. */
export type RngState = [string, string];

function rotl(x: bigint, k: bigint): bigint {
  return ((x << k) | (x >> (64n - k))) & MASK;
}

function splitMix64(x: bigint): [bigint, bigint] {
  const next = (x + 0x9e3779b97f4a7c15n) & MASK;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return [next, z ^ (z >> 31n)];
}

const hex = (x: bigint) => x.toString(16).padStart(16, '0');

/**
 * xoroshiro128+ (Blackman & Vigna, 2018 constants 24/16/37). Its state is saved with the engine's
 * state after every stage, so a resumed run draws the same numbers as an uninterrupted one.
 */
export class Rng {
  private constructor(
    private s0: bigint,
    private s1: bigint,
  ) {}

  /** Seeds both words from SplitMix64, as the authors recommend. */
  static fromSeed(seed: number): Rng {
    const [x1, a] = splitMix64(BigInt.asUintN(64, BigInt(Math.trunc(seed))));
    const [, b] = splitMix64(x1);
    return new Rng(a, b);
  }

  static fromState(state: RngState): Rng {
    return new Rng(BigInt(`0x${state[0]}`), BigInt(`0x${state[1]}`));
  }

  getState(): RngState {
    return [hex(this.s0), hex(this.s1)];
  }

  nextU64(): bigint {
    const s0 = this.s0;
    let s1 = this.s1;
    const result = (s0 + s1) & MASK;
    s1 ^= s0;
    this.s0 = rotl(s0, 24n) ^ s1 ^ ((s1 << 16n) & MASK);
    this.s1 = rotl(s1, 37n);
    return result;
  }

  /** A float in [0, 1) from the top 53 bits. */
  next(): number {
    return Number(this.nextU64() >> 11n) / 2 ** 53;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `k` distinct elements in draw order (a partial Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], k: number): T[] {
    if (k > items.length) {
      throw new Error(`cannot sample ${k} of ${items.length}`);
    }
    const pool = [...items];
    for (let n = 0; n < k; n++) {
      const j = n + this.int(pool.length - n);
      const a = pool[n] as T;
      pool[n] = pool[j] as T;
      pool[j] = a;
    }
    return pool.slice(0, k);
  }

  /** One element, uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new Error('choice from an empty list');
    }
    return items[this.int(items.length)] as T;
  }
}
