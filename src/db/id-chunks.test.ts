import { describe, expect, it } from 'vitest';
import { idChunks, rowsByIdChunks } from './id-chunks';

describe('idChunks', () => {
  it('splits ids into lists of 90 (D1 binds 100), or the size asked, in order', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `id${i}`);
    expect(idChunks(ids).map((c) => c.length)).toEqual([90, 90, 20]);
    expect(idChunks(ids, 80).map((c) => c.length)).toEqual([80, 80, 40]);
    expect(idChunks(ids).flat()).toEqual(ids);
    expect(idChunks([])).toEqual([]);
  });
});

describe('rowsByIdChunks', () => {
  it('answers every chunk’s rows in list order, one query per chunk', async () => {
    const asked: string[][] = [];
    const rows = await rowsByIdChunks(
      Array.from({ length: 100 }, (_, i) => i),
      async (chunk) => {
        asked.push(chunk.map(String));
        return chunk.map((n) => ({ n, twice: n * 2 }));
      },
    );
    expect(asked.map((c) => c.length)).toEqual([90, 10]);
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('gathers a chunk of 300,000 rows (the spans of 90 large traces) without a stack overflow', async () => {
    const rows = await rowsByIdChunks(['t1', 't2'], async (chunk) =>
      Array.from({ length: 300_000 }, (_, i) => ({ traceId: chunk[i % chunk.length], i })),
    );
    expect(rows).toHaveLength(300_000);
    expect(rows.at(-1)).toEqual({ traceId: 't2', i: 299_999 });
  });
});
