import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { spans, traces } from '@/db/schema';
import { waitFor } from '@/jobs/testing';
import { shopAgent, shopApiWorld, simulatedShopUser, systemOf } from '../runs/testing';

const world = shopApiWorld();
beforeAll(() => {
  const agent = shopAgent();
  // the candidate prompt that says "always cancel" makes the mock agent cancel on every task
  world.servers.llm.setResponder(
    (request) =>
      simulatedShopUser(request) ??
      (JSON.stringify(request.body.messages).includes('always cancel') && !request.hasToolResult
        ? { toolCalls: [{ name: 'cancel_order', arguments: { order: 'A1' } }] }
        : agent(request)),
  );
});

async function runToEnd(body: Record<string, unknown>) {
  const created = await world.api.json('POST', '/v1/taskset-runs', {
    tasksetId: world.seeded.tasksetId,
    ...body,
  });
  expect(created.status).toBe(201);
  const run = await waitFor(async () => {
    const { body: run } = await world.api.json('GET', `/v1/taskset-runs/${created.body.id}`);
    return ['succeeded', 'failed', 'cancelled', 'stopped'].includes(run.status) ? run : null;
  }, 60_000);
  expect(run.status, JSON.stringify(await world.api.json('GET', `/v1/jobs/${run.jobId}`))).toBe(
    'succeeded',
  );
  return run;
}

describe('/v1/taskset-runs', () => {
  it('runs a version and a candidate prompt, shows per-task results with traces, compares them', async () => {
    const a = await runToEnd({ agentVersionId: world.seeded.versionId });
    const b = await runToEnd({ promptText: 'You are the shop agent: always cancel A1.' });
    expect(a.progress).toEqual({ planned: 4, done: 4 });
    expect(b.candidateText).toMatch(/always cancel/);
    expect(b.summary).toMatchObject({ tasksScored: 4, meanScore: 1 });

    const results = await world.api.json('GET', `/v1/taskset-runs/${a.id}/results`);
    expect(results.body.data.map((t: { score: number }) => t.score)).toEqual([1, 0, 1, 0]);
    const traceId = results.body.data[0].rollouts[0].traceId;
    expect((await world.api.json('GET', `/v1/traces/${traceId}`)).status).toBe(200);

    const listed = await world.api.json(
      'GET',
      `/v1/taskset-runs?tasksetId=${world.seeded.tasksetId}`,
    );
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([b.id, a.id]);

    const compared = await world.api.json('GET', `/v1/taskset-runs/compare?a=${a.id}&b=${b.id}`);
    expect(compared.status).toBe(200);
    expect(compared.body.tasks.map((t: { difference: number }) => t.difference)).toEqual([
      0, 1, 0, 1,
    ]);
    expect(compared.body.test).toMatchObject({
      n: 4,
      wins: 2,
      losses: 0,
      ties: 2,
      meanDifference: 0.5,
      signTestP: 0.5,
      permutationP: 0.5,
      permutationMethod: 'exact',
    });

    const again = await world.api.json('POST', `/v1/taskset-runs/${a.id}/resume`);
    expect(again.status).toBe(409);
    expect((await world.api.json('POST', `/v1/taskset-runs/${a.id}/cancel`)).status).toBe(409);
  });

  it("answers 404 for another workspace's run and 400 for bad input", async () => {
    const created = await world.api.json('POST', '/v1/taskset-runs', {
      tasksetId: world.seeded.tasksetId,
      split: 'test',
    });
    const other = await world.api.addWorkspace();
    for (const path of [
      `/v1/taskset-runs/${created.body.id}`,
      `/v1/taskset-runs/${created.body.id}/results`,
      `/v1/taskset-runs/compare?a=${created.body.id}&b=${created.body.id}`,
    ]) {
      expect((await other.json('GET', path)).status).toBe(404);
    }
    expect((await other.json('POST', `/v1/taskset-runs/${created.body.id}/cancel`)).status).toBe(
      404,
    );
    expect(
      (await other.json('POST', '/v1/taskset-runs', { tasksetId: world.seeded.tasksetId })).status,
    ).toBe(404);
    const bad = await world.api.json('POST', '/v1/taskset-runs', {
      tasksetId: world.seeded.tasksetId,
      k: 0,
    });
    expect(bad.status).toBe(400);
    const both = await world.api.json('POST', '/v1/taskset-runs', {
      tasksetId: world.seeded.tasksetId,
      agentVersionId: world.seeded.versionId,
      promptText: 'x',
    });
    expect(both.status).toBe(400);
    const cancelled = await world.api.json('POST', `/v1/taskset-runs/${created.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('plays each task with a simulated user from its scenario (or one written from its turns)', async () => {
    const made = await world.api.json('POST', '/v1/tasksets', {
      agentId: world.seeded.agentId,
      name: 'simulated',
      tasks: [
        {
          externalId: 'tau2-like',
          userMessage: '',
          scenario: { persona: 'Mia, in a hurry', instructions: { reason: 'cancel order A1' } },
          variables: { shop: 'north' },
        },
        { externalId: 'from-a-trace', userMessage: 'hello', userTurns: ['hello', 'cancel A1'] },
      ],
    });
    expect(made.status).toBe(201);
    const before = world.servers.llm.requests.length;
    const run = await runToEnd({
      tasksetId: made.body.taskset.id,
      userMode: 'simulated',
      userModel: 'sim-model',
      maxUserTurns: 4,
    });
    expect(run.config).toMatchObject({ userMode: 'simulated', userModel: 'sim-model' });
    // both simulated users asked to cancel: the eval passes on both tasks
    expect(run.summary).toMatchObject({ tasks: 2, succeeded: 2, meanScore: 1 });
    const results = (await world.api.json('GET', `/v1/taskset-runs/${run.id}/results`)).body.data;
    for (const task of results) {
      const [rollout] = task.rollouts;
      expect(rollout.terminationReason).toBe('user_stop');
      const [trace] = await world.api.deps.db
        .select()
        .from(traces)
        .where(eq(traces.id, rollout.traceId));
      expect(trace?.metadata).toMatchObject({ user_mode: 'simulated', run_id: run.id });
    }
    const userSpans = await world.api.deps.db.select().from(spans);
    const simulator = userSpans.filter((s) => s.attributes['iofold.actor'] === 'user_simulator');
    expect(new Set(simulator.map((s) => s.model))).toEqual(new Set(['sim-model']));
    // only the task without a scenario had one written from its recorded turns
    expect(simulator.filter((s) => s.name === 'user simulator: write scenario')).toHaveLength(1);
    const simRequests = world.servers.llm.requests
      .slice(before)
      .filter((r) => simulatedShopUser(r) !== null);
    expect(simRequests.every((r) => r.model === 'sim-model')).toBe(true);
    expect(simRequests.some((r) => systemOf(r).includes('Persona: Mia, in a hurry'))).toBe(true);
    // the task with a recorded first message opens with it; the scenario-only one is opened by the user
    const opened = world.servers.llm.requests
      .slice(before)
      .filter((r) => r.model === 'mock' && !r.hasToolResult)
      .map((r) => r.lastUserText);
    expect(opened).toContain('hello');

    for (const body of [
      { userMode: 'bogus' },
      { userMode: 'scripted', maxUserTurns: 3 },
      { userModel: 'sim-model' },
      { userMode: 'simulated', maxUserTurns: 0 },
    ]) {
      const bad = await world.api.json('POST', '/v1/taskset-runs', {
        tasksetId: world.seeded.tasksetId,
        ...body,
      });
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
  });
});
