import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { createSystemCtx } from '@/core/system-ctx';
import { loadFrozenTaskset } from '../tasksets/load-frozen-taskset';
import { tau2Dir } from '../testing/shared-data';

let api: TestApi;
let agentId: string;
beforeEach(async () => {
  api = await createTestApi();
  agentId = (await api.json('POST', '/v1/agents', { name: 'airline' })).body.id;
});
afterEach(() => api.close());

const tasks = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ userMessage: `Please change booking number ${i}` }));

async function create(body: Record<string, unknown>) {
  const res = await api.json('POST', '/v1/tasksets', { agentId, name: 'core', ...body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('/v1/tasksets', () => {
  it('creates a taskset by hand, reporting duplicates instead of inserting them', async () => {
    const body = await create({
      tasks: [
        { userMessage: 'Cancel my flight' },
        { userMessage: 'Book a hotel', expectations: { criteria: ['asks for dates'] } },
        { userMessage: 'Cancel my flight', externalId: 'again' },
        { userMessage: '  Cancel my flight  ' },
      ],
    });
    expect(body.added).toBe(2);
    expect(body.duplicates).toEqual([
      { index: 2, externalId: 'again', duplicateOf: '#0' },
      { index: 3, externalId: null, duplicateOf: '#0' },
    ]);
    expect(body.taskset).toMatchObject({ version: 1, taskCount: 2, source: 'manual' });
    const more = await api.json('POST', `/v1/tasksets/${body.taskset.id}/tasks`, {
      tasks: [{ userMessage: 'Book a hotel' }, { userMessage: 'Upgrade my seat' }],
    });
    expect(more.body.added).toBe(1);
    expect(more.body.duplicates[0]).toMatchObject({ index: 0 });
    expect(more.body.duplicates[0].duplicateOf).toMatch(/^tsk_/);
    const list = await api.json('GET', `/v1/tasksets/${body.taskset.id}/tasks`);
    expect(list.body.data.map((t: { title: string }) => t.title)).toEqual([
      'Cancel my flight',
      'Book a hotel',
      'Upgrade my seat',
    ]);
  });

  it('answers 404 for another workspace taskset, and 409 for a taken name', async () => {
    const { taskset } = await create({ tasks: tasks(3) });
    const other = await api.addWorkspace();
    for (const [method, url, body] of [
      ['GET', `/v1/tasksets/${taskset.id}`, undefined],
      ['GET', `/v1/tasksets/${taskset.id}/tasks`, undefined],
      ['POST', `/v1/tasksets/${taskset.id}/split`, { seed: 1 }],
      ['POST', `/v1/tasksets/${taskset.id}/tasks`, { tasks: [{ userMessage: 'x' }] }],
      ['POST', `/v1/tasksets/${taskset.id}/freeze`, undefined],
      ['PATCH', `/v1/tasksets/${taskset.id}`, { name: 'mine' }],
    ] as const) {
      expect((await other.json(method, url, body)).status).toBe(404);
    }
    const mine = await api.json('GET', `/v1/tasksets/${taskset.id}`);
    expect(mine.body.taskset).toMatchObject({ name: 'core', frozenAt: null, taskCount: 3 });
    expect((await other.json('GET', '/v1/tasksets')).body.data).toEqual([]);
    const again = await api.json('POST', '/v1/tasksets', {
      agentId,
      name: 'core',
      tasks: tasks(1),
    });
    expect(again.status).toBe(409);
  });

  it('answers 422 with the minimum when a split would leave fewer than 3 train tasks', async () => {
    const { taskset } = await create({ tasks: tasks(2) });
    const res = await api.json('POST', `/v1/tasksets/${taskset.id}/split`, { seed: 1 });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'UNPROCESSABLE',
      details: { minimumTrainTasks: 3, trainTasks: 2, tasks: 2 },
    });
    const sized = await api.json('POST', '/v1/tasksets', {
      agentId,
      name: 'sized',
      tasks: tasks(12),
      split: { seed: 0, test: 5, val: 5 },
    });
    expect(sized.status).toBe(422);
    expect(sized.body.error.details).toMatchObject({ trainTasks: 2 });
  });

  it('splits the same way for the same seed and differently for another', async () => {
    const { taskset } = await create({ tasks: tasks(30), split: { seed: 4 } });
    expect(taskset.splitCounts).toEqual({ train: 15, val: 9, test: 6, none: 0 });
    const splitOf = async (id: string) =>
      Object.fromEntries(
        (await api.json('GET', `/v1/tasksets/${id}/tasks`)).body.data.map(
          (t: { title: string; split: string }) => [t.title, t.split],
        ),
      );
    const first = await splitOf(taskset.id);
    const copy = await api.json('POST', '/v1/tasksets', {
      agentId,
      name: 'copy',
      tasks: [...tasks(30)].reverse(),
      split: { seed: 4 },
    });
    expect(await splitOf(copy.body.taskset.id)).toEqual(first);
    const resplit = await api.json('POST', `/v1/tasksets/${taskset.id}/split`, { seed: 5 });
    expect(resplit.body).toMatchObject({ id: taskset.id, version: 1, splitSeed: 5 });
    expect(await splitOf(taskset.id)).not.toEqual(first);
    await api.json('POST', `/v1/tasksets/${taskset.id}/split`, { seed: 4 });
    expect(await splitOf(taskset.id)).toEqual(first);
  });

  it('keeps a frozen version as a run saw it: an edit makes the next version', async () => {
    const { taskset } = await create({ tasks: tasks(10), split: { seed: 1 } });
    const ctx = createSystemCtx(api.deps, api.workspaceId);
    const frozen = await loadFrozenTaskset(ctx, taskset.id);
    expect(frozen.tasks).toHaveLength(10);
    expect(frozen.splits.map((s) => s.split)).toEqual([
      ...Array(3).fill('train'),
      ...Array(5).fill('val'),
      ...Array(2).fill('test'),
    ]);
    const edit = await api.json('POST', `/v1/tasksets/${taskset.id}/tasks/remove`, {
      taskIds: [frozen.tasks[0]?.id],
    });
    expect(edit.body).toMatchObject({
      version: 2,
      parentId: taskset.id,
      taskCount: 9,
      latestVersion: 2,
    });
    expect(edit.body.frozenAt).toBeNull();
    const again = await loadFrozenTaskset(ctx, taskset.id);
    expect(again.tasks.map((t) => t.id)).toEqual(frozen.tasks.map((t) => t.id));
    // the unfrozen latest version changes in place
    const add = await api.json('POST', `/v1/tasksets/${edit.body.id}/tasks`, {
      tasks: [{ userMessage: 'new one' }],
    });
    expect(add.body.taskset).toMatchObject({ id: edit.body.id, version: 2, taskCount: 10 });
    const detail = await api.json('GET', `/v1/tasksets/${taskset.id}`);
    expect(detail.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const listed = await api.json('GET', `/v1/tasksets?agentId=${agentId}`);
    expect(listed.body.data.map((t: { id: string }) => t.id)).toEqual([edit.body.id]);
    const renamed = await api.json('PATCH', `/v1/tasksets/${taskset.id}`, { name: 'renamed' });
    expect(renamed.body.name).toBe('renamed');
    expect((await api.json('GET', `/v1/tasksets/${edit.body.id}`)).body.taskset.name).toBe(
      'renamed',
    );
  });

  it('refuses a task with no user side and unknown fields', async () => {
    const res = await api.json('POST', '/v1/tasksets', {
      agentId,
      name: 'bad',
      tasks: [{ userMessage: '   ' }],
    });
    expect(res.status).toBe(400);
    const unknown = await api.json('POST', '/v1/tasksets', { agentId, name: 'bad', colour: 'red' });
    expect(unknown.status).toBe(400);
  });

  it.skipIf(!tau2Dir)('imports tau2 tasks keeping ids and splits', async () => {
    const dir = tau2Dir as string;
    const file = JSON.parse(readFileSync(path.join(dir, 'tasks.json'), 'utf8'));
    const splits = JSON.parse(readFileSync(path.join(dir, 'split_tasks.json'), 'utf8'));
    const res = await api.json('POST', '/v1/tasksets/import/tau2', {
      agentId,
      name: 'tau2 airline',
      tasks: file,
      splits,
    });
    expect(res.status).toBe(201);
    expect(res.body.taskset).toMatchObject({
      source: 'tau2',
      taskCount: 50,
      splitCounts: { train: 30, test: 20, val: 0, none: 0 },
      splitSeed: null,
    });
    const listed = (await api.json('GET', `/v1/tasksets/${res.body.taskset.id}/tasks`)).body.data;
    const byId = Object.fromEntries(listed.map((t: { externalId: string }) => [t.externalId, t]));
    for (const id of splits.train) {
      expect(byId[id].split).toBe('train');
    }
    for (const id of splits.test) {
      expect(byId[id].split).toBe('test');
    }
    expect(byId['0'].scenario.instructions.reason_for_call).toContain('EHGLP3');
    expect(byId['0'].title).toContain('You want to cancel reservation EHGLP3');
    expect(byId['5'].expectations.actions[0]).toEqual({
      name: 'get_user_details',
      arguments: { user_id: 'mei_brown_7075' },
    });
    const again = await api.json('POST', '/v1/tasksets/import/tau2', {
      agentId,
      name: 'twice',
      tasks: [file[0], { ...file[0], id: 'copy' }],
    });
    expect(again.body.added).toBe(1);
    expect(again.body.duplicates).toEqual([{ index: 1, externalId: 'copy', duplicateOf: '#0' }]);
  });

  it('refuses a tau2 split naming an unknown task or a task in two splits', async () => {
    const task = { id: '1', user_scenario: { instructions: 'You want a refund.' } };
    const unknown = await api.json('POST', '/v1/tasksets/import/tau2', {
      agentId,
      name: 'x',
      tasks: [task],
      splits: { train: ['2'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('task 2');
    const both = await api.json('POST', '/v1/tasksets/import/tau2', {
      agentId,
      name: 'x',
      tasks: [task],
      splits: { train: ['1'], test: [1] },
    });
    expect(both.status).toBe(400);
  });
});
