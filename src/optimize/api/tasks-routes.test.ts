import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { createSystemCtx } from '@/core/system-ctx';
import { createJobHandlers } from '@/hosts/job-handlers';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { waitForStatus } from '@/jobs/testing';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { callsTools } from '@/traces/testing/openai-messages';

let api: TestApi;
let worker: JobWorker | undefined;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  api.close();
});

const convo = (id: string, user: string[], tool?: string) =>
  parseChatTranscript({
    id,
    messages: [
      { role: 'system', content: 'You are the airline agent of Example Air.' },
      ...user.flatMap((u) => [
        { role: 'user', content: u },
        tool
          ? callsTools(null, [`${id}-c`, tool, '{"id":"R1"}'])
          : { role: 'assistant', content: 'Done.' },
        ...(tool
          ? [
              { role: 'tool', tool_call_id: `${id}-c`, content: 'ok' },
              { role: 'assistant', content: 'Done.' },
            ]
          : []),
      ]),
    ],
  });

async function extract(body: Record<string, unknown> = {}) {
  const res = await api.json('POST', '/v1/tasks/extract', body);
  expect(res.status).toBe(202);
  worker ??= startJobWorker(api.deps, { handlers: createJobHandlers(), pollMs: 10 });
  const job = await waitForStatus(api.deps, res.body.jobId, ['succeeded', 'failed'], 30_000);
  expect(job.status).toBe('succeeded');
  return job.result as Record<string, unknown>;
}

async function traceIds() {
  const list = await api.json('GET', '/v1/traces?limit=200');
  return Object.fromEntries(
    list.body.data.map((t: { id: string; externalId: string }) => [t.externalId, t.id]),
  );
}

describe('/v1/tasks', () => {
  it('extracts tasks by job, links their labelled runs and serves them with similar traces', async () => {
    await ingestTraces(createSystemCtx(api.deps, api.workspaceId), {
      traces: [
        convo(
          'a1',
          ['Cancel reservation R1 for user mia_li_3668', 'Yes, cancel it'],
          'cancel_reservation',
        ),
        convo(
          'a2',
          ['I need reservation R1 cancelled, user mia_li_3668', 'Confirmed'],
          'cancel_reservation',
        ),
        convo('b1', ['Book a flight from NYC to SEA on May 20']),
        convo('c1', ['What is the baggage allowance on my flight?']),
      ],
    });
    const ids = await traceIds();
    await api.json('POST', '/v1/feedback', {
      traceId: ids.a1,
      rating: 'positive',
      notes: 'cancelled and confirmed',
    });
    await api.json('POST', '/v1/feedback', {
      traceId: ids.a2,
      rating: 'negative',
      notes: 'never asked to confirm',
    });
    const result = await extract();
    expect(result).toMatchObject({ traces: 4, tasksCreated: 4, skippedCount: 0 });

    const agentId = (await api.json('GET', '/v1/agents')).body.data[0].id;
    const list = await api.json('GET', `/v1/tasks?agentId=${agentId}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(4);
    const taskOf = (traceId: string) =>
      list.body.data.find((t: { traceId: string }) => t.traceId === traceId);
    const a1 = taskOf(ids.a1);
    expect(a1).toMatchObject({
      source: 'trace',
      kind: 'tool_using',
      label: 'positive',
      expectedActions: [
        { name: 'cancel_reservation', arguments: { id: 'R1' } },
        { name: 'cancel_reservation', arguments: { id: 'R1' } },
      ],
      successCriteria: ['cancelled and confirmed'],
      labelCounts: { positive: 1, negative: 1, neutral: 0 },
    });
    expect(taskOf(ids.a2).clusterId).toBe(a1.clusterId);
    expect(taskOf(ids.b1).clusterId).not.toBe(a1.clusterId);

    const detail = await api.json('GET', `/v1/tasks/${a1.id}`);
    expect(detail.body.similar[0]).toMatchObject({ traceId: ids.a2, rank: 1, method: 'tfidf' });
    expect(
      detail.body.feedback.map((f: { traceId: string; relation: string; notes: string[] }) => [
        f.traceId,
        f.relation,
        f.notes,
      ]),
    ).toEqual([
      [ids.a1, 'same_task', ['cancelled and confirmed']],
      [ids.a2, 'same_task', ['never asked to confirm']],
    ]);
    const clusters = await api.json('GET', `/v1/tasks/clusters?agentId=${agentId}`);
    expect(clusters.body.data[0]).toMatchObject({
      size: 2,
      labelCounts: { positive: 1, negative: 1, neutral: 0 },
    });
    const similar = await api.json('GET', `/v1/tasks/similar?traceId=${ids.b1}`);
    expect(similar.body.data.map((t: { traceId: string }) => t.traceId)).toEqual([ids.c1]);

    // a label changed afterwards is picked up by the next run
    await api.json('POST', '/v1/feedback', {
      traceId: ids.b1,
      rating: 'negative',
      notes: 'wrong date',
    });
    expect(await extract()).toMatchObject({ traces: 1 });
    const b1 = (await api.json('GET', `/v1/tasks/${taskOf(ids.b1).id}/feedback`)).body.data;
    expect(b1[0]).toMatchObject({
      traceId: ids.b1,
      relation: 'same_task',
      label: 'negative',
      notes: ['wrong date'],
    });
  });

  it('writes a task by hand, reports a duplicate instead of inserting it, and hides other workspaces', async () => {
    const agentId = (await api.json('POST', '/v1/agents', { name: 'airline' })).body.id;
    const body = {
      agentId,
      userMessage: 'Upgrade my seat on flight HAT123',
      variables: { tier: 'gold' },
    };
    const first = await api.json('POST', '/v1/tasks', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      duplicateOf: null,
      task: { source: 'manual', traceId: null, kind: 'single_turn' },
    });
    const again = await api.json('POST', '/v1/tasks', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, duplicateOf: first.body.task.id });
    expect(
      (await api.json('GET', `/v1/tasks?agentId=${agentId}&source=manual`)).body.data,
    ).toHaveLength(1);
    const bad = await api.json('POST', '/v1/tasks', { agentId, userMessage: '   ' });
    expect(bad.status).toBe(400);

    const other = await api.addWorkspace();
    expect((await other.json('GET', `/v1/tasks/${first.body.task.id}`)).status).toBe(404);
    expect((await other.json('GET', `/v1/tasks/${first.body.task.id}/feedback`)).status).toBe(404);
    expect((await other.json('POST', '/v1/tasks', body)).status).toBe(404);
    expect((await other.json('POST', '/v1/tasks/extract', { agentId })).status).toBe(404);
    expect((await other.json('GET', '/v1/tasks')).body.data).toEqual([]);
  });
});
