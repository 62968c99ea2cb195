import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tau2Dir } from '@/optimize/testing/shared-data';
import { runIofold } from './helpers/run-iofold';

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-tasks-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const ws = ['--workspace', 'demo'];
const iofold = (args: string[]) => runIofold(args, { cwd });
const json = async <T>(args: string[]): Promise<T> => {
  const result = await iofold([...args, ...ws, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};
type Taskset = { id: string; taskCount: number; splitCounts: Record<string, number> };

beforeAll(async () => {
  expect((await iofold(['keys', 'create', '--name', 'setup', '--quiet'])).code).toBe(0);
  const reset = await iofold(['demo', '--reset', '--yes', '--count', '40']);
  expect(reset.code, reset.stderr).toBe(0);
}, 120_000);

describe('iofold tasks and tasksets', { timeout: 120_000 }, () => {
  it('extracts tasks, lists clusters and tasks, shows one, and adds one by hand once', async () => {
    const extracted = await json<{ traces: number; tasksCreated: number; clusters: number }>([
      'tasks',
      'extract',
    ]);
    expect(extracted.traces).toBe(40);
    expect(extracted.tasksCreated).toBeGreaterThan(0);
    const clusters = await json<{ data: { clusterId: string; size: number }[] }>([
      'tasks',
      'clusters',
    ]);
    expect(clusters.data.reduce((n, c) => n + c.size, 0)).toBe(extracted.tasksCreated);
    const list = await json<{ data: { id: string; clusterId: string }[] }>([
      'tasks',
      'list',
      '--limit',
      '5',
    ]);
    expect(list.data).toHaveLength(5);
    const shown = await iofold(['tasks', 'show', list.data[0]?.id as string, ...ws]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^ {2}user 1: /m);
    expect(shown.stdout).toContain('similar traces:');
    const added = await iofold(['tasks', 'add', 'Where is my parcel 4411?', ...ws]);
    expect(added.stdout).toMatch(/^added task task_/);
    const again = await iofold(['tasks', 'add', 'Where is my parcel 4411?', ...ws]);
    expect(again.stdout).toMatch(/^not added: the agent already has this task \(task_/);
  });

  it('makes a taskset from traces, one task per cluster, and splits it by seed', async () => {
    const all = await json<{ taskset: Taskset }>(['tasksets', 'create', 'all', '--from-filter']);
    const perCluster = await json<{ taskset: Taskset }>([
      'tasksets',
      'create',
      'one-per-cluster',
      '--from-filter',
      '--per-cluster',
    ]);
    expect(perCluster.taskset.taskCount).toBeLessThanOrEqual(all.taskset.taskCount);
    const split = await json<Taskset>(['tasksets', 'split', all.taskset.id, '--seed', '3']);
    expect(split.splitCounts.none).toBe(0);
    expect(split.splitCounts.train).toBeGreaterThanOrEqual(3);
    const tiny = await iofold([
      'tasksets',
      'create',
      'tiny',
      '--from-filter',
      '--limit',
      '2',
      '--split-seed',
      '1',
      ...ws,
    ]);
    expect(tiny.code).toBe(10);
    expect(tiny.stderr).toMatch(/at least 3 train tasks/);
  });

  it.skipIf(!tau2Dir)('imports a tau2 task file keeping ids and splits', async () => {
    const dir = tau2Dir as string;
    const imported = await json<{ taskset: Taskset }>([
      'tasksets',
      'import-tau2',
      'airline',
      '--tasks',
      join(dir, 'tasks.json'),
      '--split',
      join(dir, 'split_tasks.json'),
    ]);
    const tasks = JSON.parse(readFileSync(join(dir, 'tasks.json'), 'utf8')) as unknown[];
    expect(imported.taskset.taskCount).toBe(tasks.length);
    const shown = await json<{ tasks: { externalId: string; split: string | null }[] }>([
      'tasksets',
      'show',
      imported.taskset.id,
    ]);
    const splits = JSON.parse(readFileSync(join(dir, 'split_tasks.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    for (const id of splits.test ?? []) {
      expect(shown.tasks.find((t) => t.externalId === String(id))?.split).toBe('test');
    }
  });
});
