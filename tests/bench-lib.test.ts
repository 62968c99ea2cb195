import { describe, expect, it } from 'vitest';
import { benchTable, targetsTable } from '../bench/lib/markdown';
import { interleave, quantile, ratioSpread, spread } from '../bench/lib/measure';
import type { BenchResult } from '../bench/lib/report';
import { targetRows } from '../bench/lib/targets';

describe('bench measuring utilities', () => {
  it('takes the median, min and max of runs (lower middle for an even count)', () => {
    expect(spread([5, 1, 3, 9, 7])).toEqual({ median: 5, min: 1, max: 9, runs: 5 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2, min: 1, max: 4, runs: 4 });
    expect(() => spread([])).toThrow('spread of no values');
  });

  it('takes nearest-rank quantiles', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(quantile(values, 0.95)).toBe(19);
    expect(quantile(values, 0.5)).toBe(10);
    expect(quantile(values, 1)).toBe(20);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('runs every variant once per round, rotating which goes first', async () => {
    const order: string[] = [];
    const rounds = await interleave(3, {
      a: (r) => {
        order.push(`a${r}`);
        return r;
      },
      b: (r) => {
        order.push(`b${r}`);
        return r * 10;
      },
    });
    expect(order).toEqual(['a0', 'b0', 'b1', 'a1', 'a2', 'b2']);
    expect(rounds).toEqual({ a: [0, 1, 2], b: [0, 10, 20] });
  });

  it('takes ratios round by round', () => {
    expect(ratioSpread([2, 3, 8], [4, 3, 4])).toEqual({ median: 1, min: 0.5, max: 2, runs: 3 });
    expect(() => ratioSpread([1], [1, 2])).toThrow('different rounds');
  });

  it('answers each target from the figure tagged with it, on its value or its ratio', () => {
    const result = {
      id: 'x',
      figures: [
        { name: 'help', unit: 'ms', value: spread([250, 280, 400]), target: 'cli-help' as const },
        {
          name: 'adapter',
          unit: 'jobs/s',
          value: spread([100, 110, 120]),
          ratio: { of: 'baseline', value: spread([0.6, 0.65, 0.9]) },
          target: 'jobs' as const,
        },
      ],
    };
    const rows = targetRows([result]);
    expect(rows.find((r) => r.id === 'cli-help')).toMatchObject({
      measured: { median: 280, min: 250, max: 400, figure: 'help', bench: 'x' },
      met: true,
    });
    expect(rows.find((r) => r.id === 'jobs')).toMatchObject({
      measured: { median: 0.65 },
      met: false,
    });
    expect(rows.find((r) => r.id === 'idle-rss')?.measured).toBeUndefined();
    const table = targetsTable(rows);
    expect(table).toContain('| `iofold --help` | < 300 ms | 280 ms (250–400) | yes |');
    expect(table).toContain('65% of baseline (60%–90%) | **no** |');
    expect(table).toContain('not measured in this run');
  });

  it('prints a skipped benchmark with its reason instead of a table', () => {
    const skipped = { figures: [], notes: [], skipped: 'no python3' } as unknown as BenchResult;
    expect(benchTable(skipped)).toBe('skipped: no python3');
  });
});
