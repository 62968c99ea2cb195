import { describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { defaultSplitSizes, type SplitTask, splitTasks, splitTasksByContent } from './split-tasks';

/** `n` clusters of `per` trials each (like tau-bench: 50 tasks x 4 trials). */
const trials = (n: number, per: number): SplitTask[] =>
  Array.from({ length: n * per }, (_, i) => ({
    id: `t${String(i).padStart(4, '0')}`,
    clusterId: `c${Math.floor(i / per)}`,
  }));

const splitOf = (rows: { taskId: string; split: string }[]) =>
  Object.fromEntries(rows.map((r) => [r.taskId, r.split]));

describe('splitTasks', () => {
  it('uses the design sizes: test 20% from 10 tasks, val max(5, 30%) capped at 50, train the rest', () => {
    expect(defaultSplitSizes(50)).toEqual({ test: 10, val: 15 });
    expect(defaultSplitSizes(200)).toEqual({ test: 40, val: 50 });
    expect(defaultSplitSizes(9)).toEqual({ test: 0, val: 5 });
    expect(defaultSplitSizes(6)).toEqual({ test: 0, val: 3 });
    expect(defaultSplitSizes(3)).toEqual({ test: 0, val: 0 });
    const { counts } = splitTasks(trials(50, 1), { seed: 1 });
    expect(counts).toEqual({ train: 25, val: 15, test: 10 });
  });

  it('gives identical rows for the same tasks and seed, in any input order', () => {
    const tasks = trials(30, 2);
    const a = splitTasks(tasks, { seed: 7 });
    const b = splitTasks([...tasks].reverse(), { seed: 7 });
    expect(b).toEqual(a);
    expect(JSON.stringify(splitTasks(tasks, { seed: 7 }))).toBe(JSON.stringify(a));
  });

  it('gives a different split for another seed', () => {
    const tasks = trials(40, 1);
    const seen = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      seen.add(JSON.stringify(splitOf(splitTasks(tasks, { seed }).rows)));
    }
    expect(seen.size).toBe(5);
  });

  it('never puts two trials of one cluster in different splits', () => {
    const tasks = trials(50, 4);
    for (const seed of [0, 1, 2, 99, 12345]) {
      const split = splitOf(splitTasks(tasks, { seed }).rows);
      for (const t of tasks) {
        const sibling = tasks.find((o) => o.clusterId === t.clusterId && o.id !== t.id);
        expect(split[t.id]).toBe(split[sibling?.id ?? '']);
      }
    }
    const { counts } = splitTasks(tasks, { seed: 3 });
    expect(counts).toEqual({ test: 40, val: 52, train: 108 });
  });

  it('answers UNPROCESSABLE with the minimum when train would get fewer than 3 tasks', () => {
    const fail = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error('expected an error');
    };
    const small = fail(() => splitTasks(trials(2, 1), { seed: 1 }));
    expect(isAppError(small) && small.code).toBe('UNPROCESSABLE');
    expect(isAppError(small) && small.details).toEqual({
      minimumTrainTasks: 3,
      trainTasks: 2,
      tasks: 2,
    });
    const explicit = fail(() => splitTasks(trials(10, 1), { seed: 1, sizes: { test: 4, val: 4 } }));
    expect(isAppError(explicit) && explicit.details).toMatchObject({ trainTasks: 2 });
    // two clusters of 4: test and val each take a whole cluster and leave train nothing
    const clustered = fail(() => splitTasks(trials(2, 4), { seed: 1, sizes: { test: 1, val: 1 } }));
    expect(isAppError(clustered) && clustered.code).toBe('UNPROCESSABLE');
  });
});

describe('splitTasksByContent', () => {
  /** The same 24 tasks (6 clusters of 3, 6 alone) as two databases hold them: other cluster ids. */
  const content = (clusterPrefix: string) =>
    Array.from({ length: 24 }, (_, i) => ({
      contentHash: `h${String((i * 7) % 24).padStart(2, '0')}`,
      clusterId: i < 18 ? `${clusterPrefix}${Math.floor(i / 3)}` : null,
    }));

  it('splits the same content alike whatever the cluster ids and order, clusters whole', () => {
    const here = splitTasksByContent(content('cl_a'), { seed: 3 });
    const there = splitTasksByContent([...content('zz_')].reverse(), { seed: 3 });
    expect(there).toEqual(here);
    const split = splitOf(here.rows);
    for (let c = 0; c < 6; c++) {
      const members = content('cl_a').slice(c * 3, c * 3 + 3);
      expect(new Set(members.map((t) => split[t.contentHash])).size).toBe(1);
    }
    expect(Object.keys(split).sort()).toEqual(
      content('x')
        .map((t) => t.contentHash)
        .sort(),
    );
  });

  it('keys by content, not by the ids splitTasks would be given', () => {
    // plain splitTasks over row-like ids that sort unlike the content gives another split
    const tasks = content('c');
    const byRowIds = splitTasks(
      tasks.map((t, i) => ({
        id: `row${String(23 - i).padStart(2, '0')}`,
        clusterId: t.clusterId,
      })),
      { seed: 3 },
    );
    const rowToHash = new Map(
      tasks.map((t, i) => [`row${String(23 - i).padStart(2, '0')}`, t.contentHash]),
    );
    const viaRows = Object.fromEntries(
      byRowIds.rows.map((r) => [rowToHash.get(r.taskId), r.split]),
    );
    expect(splitOf(splitTasksByContent(tasks, { seed: 3 }).rows)).not.toEqual(viaRows);
  });
});
