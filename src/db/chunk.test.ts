import { describe, expect, it } from 'vitest';
import { chunkRows, D1_MAX_PARAMS, setMaxParams } from './chunk';
import type { Db } from './client';

const fakeDb = () => ({}) as Db;

describe('chunkRows', () => {
  it("keeps every chunk under D1's 100 bound parameters by default", () => {
    const rows = Array.from({ length: 23 }, (_, i) => ({
      a: i,
      b: i,
      c: i,
      d: i,
      e: i,
      f: i,
      g: i,
    }));
    const chunks = chunkRows(fakeDb(), rows);
    expect(chunks.map((c) => c.length)).toEqual([14, 9]);
    expect(chunks.every((c) => c.length * 7 <= D1_MAX_PARAMS)).toBe(true);
    expect(chunks.flat()).toEqual(rows);
  });

  it('uses larger chunks (capped at 500 rows) where the database allows more parameters', () => {
    const db = setMaxParams(fakeDb(), 32_766);
    const rows = Array.from({ length: 1200 }, (_, i) => ({ a: i, b: i }));
    expect(chunkRows(db, rows).map((c) => c.length)).toEqual([500, 500, 200]);
  });

  it('returns no chunks for no rows and one row per chunk for very wide rows', () => {
    expect(chunkRows(fakeDb(), [])).toEqual([]);
    const wide = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`c${i}`, i]));
    expect(chunkRows(fakeDb(), [wide, wide]).map((c) => c.length)).toEqual([1, 1]);
  });
});
