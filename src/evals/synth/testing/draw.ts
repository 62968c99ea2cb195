import { createSeededRandom } from '../../metrics/seeded-random';

/** Draws from a seeded random source (createSeededRandom), for the generated runs of the learning tests. */

/** One of `xs`. */
export const pick = <T>(r: () => number, xs: readonly T[]): T =>
  xs[Math.floor(r() * xs.length)] as T;

/** An integer from `lo` to `hi`, both included. */
export const int = (r: () => number, lo: number, hi: number) =>
  lo + Math.floor(r() * (hi - lo + 1));

const LOWERCASE = [...'abcdefghijklmnopqrstuvwxyz'];

/** A word of `lo` to `hi` lowercase letters. */
export const lowerWord = (r: () => number, lo: number, hi: number) =>
  Array.from({ length: int(r, lo, hi) }, () => pick(r, LOWERCASE)).join('');

/** 1 to `most` words of `lo` to `hi` lowercase letters, joined by `sep` (`feat-` names, tables). */
export const lowerWords = (r: () => number, most: number, lo: number, hi: number, sep: string) =>
  Array.from({ length: int(r, 1, most) }, () => lowerWord(r, lo, hi)).join(sep);

/** `n` decimal digits, the first not 0. */
export const digits = (r: () => number, n: number) =>
  Array.from({ length: n }, (_, i) => int(r, i === 0 ? 1 : 0, 9)).join('');

/**
 * The generator of `n` runs from `seed`, each its own task: `run` draws one from the seed's
 * stream, numbered `seed * 1000 + i`.
 */
export function seededRuns<R>(
  run: (r: () => number, i: number) => R,
): (seed: number, n: number) => R[] {
  return (seed, n) => {
    const r = createSeededRandom(seed);
    return Array.from({ length: n }, (_, i) => run(r, seed * 1000 + i));
  };
}
