import { remember } from './trace-facts';

/**
 * Columns of 0/1 over the training examples packed 32 to a word, so that the learner counts the
 * examples of a set where a predicate holds with a few AND and popcount operations, not one step
 * per example (`bestRule` counts every predicate on the remaining rows at every step).
 */
export type BitColumn = Uint32Array;

/** The examples set to 1 in `row` (a Uint8Array of 0/1, one per example), packed. */
export function packRow(row: Uint8Array): BitColumn {
  const words = new Uint32Array(Math.ceil(row.length / 32));
  for (let i = 0; i < row.length; i++) {
    if (row[i] === 1) {
      setBit(words, i);
    }
  }
  return words;
}

/** The examples `indices` (of `n` examples), packed. */
export function packIndices(indices: readonly number[], n: number): BitColumn {
  const words = new Uint32Array(Math.ceil(n / 32));
  for (const i of indices) {
    setBit(words, i);
  }
  return words;
}

function setBit(words: BitColumn, i: number): void {
  words[i >>> 5] = (words[i >>> 5] as number) | (1 << (i & 31));
}

/** How many examples are set in both `a` and `b`. */
export function countBoth(a: BitColumn, b: BitColumn): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) {
    n += popcount((a[w] as number) & (b[w] as number));
  }
  return n;
}

/** Set bits of a 32-bit word (the classic SWAR count). */
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Packed columns of one bits table, made once however many folds learn from it. */
const PACKED = new WeakMap<Uint8Array[], BitColumn[]>();

export function packedColumns(bits: Uint8Array[]): BitColumn[] {
  return remember(PACKED, bits, () => bits.map(packRow));
}
