import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { jobs, traces } from '@/db/schema';
import { createJobHandlers } from '@/hosts/job-handlers';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { waitForStatus } from '@/jobs/testing';
import { startFakeLangfuse } from '@/traces/pull/testing/fake-platforms.node';
import { langfuseTrace } from '@/traces/pull/testing/platform-records';

let api: TestApi | undefined;
let worker: JobWorker | undefined;
let closeFake: (() => Promise<void>) | undefined;
afterEach(async () => {
  await worker?.stop(1000);
  await closeFake?.();
  api?.close();
  worker = undefined;
  api = undefined;
});

describe('POST /v1/integrations/{id}/sync', () => {
  it('pulls a Langfuse project through the job worker, incrementally, and records failures', async () => {
    const fake = await startFakeLangfuse({ publicKey: 'pk-lf-e2e', secretKey: 'sk-lf-e2e-secret' });
    closeFake = fake.close;
    for (let i = 0; i < 3; i++) {
      const { trace, observations } = langfuseTrace(i);
      fake.data.traces.push(trace);
      fake.data.observations.push(...observations);
    }
    api = await createTestApi();
    const deps = api.deps;
    const ws = api.workspaceId;
    worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
    const created = await api.json('POST', '/v1/integrations', {
      kind: 'langfuse',
      name: 'lf',
      baseUrl: fake.url,
      config: { publicKey: 'pk-lf-e2e' },
      secret: 'sk-lf-e2e-secret',
    });
    const id = created.body.id as string;

    fake.fail({ status: 429, headers: { 'retry-after': '0' } });
    const queued = await api.json('POST', `/v1/integrations/${id}/sync`);
    expect(queued.status).toBe(202);
    const job = await waitForStatus(deps, queued.body.jobId, ['succeeded', 'failed']);
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ platform: 'langfuse', created: 3, records: 9 });
    expect(job.progress).toMatchObject({ percent: 100 });
    const stored = await deps.db.select().from(traces).where(eq(traces.workspaceId, ws));
    expect(stored).toHaveLength(3);
    const integration = await api.json('GET', `/v1/integrations/${id}`);
    expect(integration.body).toMatchObject({ status: 'active', lastError: null });
    expect(integration.body.lastSyncedAt).not.toBeNull();

    const { trace, observations } = langfuseTrace(3);
    fake.data.traces.push(trace);
    fake.data.observations.push(...observations);
    const again = await api.json('POST', `/v1/integrations/${id}/sync`);
    const second = await waitForStatus(deps, again.body.jobId, ['succeeded', 'failed']);
    expect(second.result).toMatchObject({ created: 1, updated: 0 });
    expect(fake.seen.at(-2)?.query.get('fromTimestamp')).toMatch(/^2026-03-01T01:45/);
    expect(fake.seen.at(-1)?.query.get('fromStartTime')).toMatch(/^2026-03-01T01:45/);
    expect(await deps.db.select().from(traces).where(eq(traces.workspaceId, ws))).toHaveLength(4);

    await api.json('PATCH', `/v1/integrations/${id}`, { secret: 'sk-lf-revoked-key' });
    const denied = await api.json('POST', `/v1/integrations/${id}/sync`);
    const failed = await waitForStatus(deps, denied.body.jobId, ['succeeded', 'failed']);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(JSON.stringify(failed.error)).toContain('rejected the credentials');
    const after = await api.json('GET', `/v1/integrations/${id}`);
    expect(after.body.status).toBe('error');
    expect(after.body.lastError).toMatch(/rejected the credentials/);
    const allJobs = await deps.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.workspaceId, ws), eq(jobs.type, 'integration.sync')));
    expect(allJobs).toHaveLength(3);
    expect(JSON.stringify(allJobs)).not.toContain('sk-lf-revoked-key');
  });

  it('refuses integrations that hold no traces and viewers', async () => {
    api = await createTestApi();
    const openai = await api.json('POST', '/v1/integrations', {
      kind: 'openai',
      name: 'llm',
      secret: 'sk-openai-000000',
    });
    const refused = await api.json('POST', `/v1/integrations/${openai.body.id}/sync`);
    expect(refused.status).toBe(400);
    const viewer = await api.addKey(api.workspaceId, 'viewer');
    expect((await viewer.json('POST', `/v1/integrations/${openai.body.id}/sync`)).status).toBe(403);
  });
});
