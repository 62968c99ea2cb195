import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { jobs } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { type JobWorker, startJobWorker } from './start-job-worker';
import { waitFor } from './testing';

const deps = createTestDeps();
const workers: JobWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop(1000)));
  deps.close();
});

describe('per-workspace concurrency limit', () => {
  it('completes 1,000 jobs across 3 workspaces with at most 2 running per workspace', async () => {
    const workspaces = await Promise.all(['a', 'b', 'c'].map((n) => createTestWorkspace(deps, n)));
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const runs = new Map<string, number>();
    const handlers = createJobHandlers({
      noop: async (ctx) => {
        const now = (running.get(ctx.workspaceId) ?? 0) + 1;
        running.set(ctx.workspaceId, now);
        peak.set(ctx.workspaceId, Math.max(peak.get(ctx.workspaceId) ?? 0, now));
        runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
        running.set(ctx.workspaceId, (running.get(ctx.workspaceId) ?? 1) - 1);
        return null;
      },
    });
    const messages = Array.from({ length: 1000 }, (_, i) => ({
      type: 'noop',
      workspaceId: workspaces[i % 3]!.id,
      payload: {},
    }));
    await deps.queue.enqueueMany(messages);
    // two workers with 8 slots between them: only the SQL limit keeps each workspace at 2
    for (let i = 0; i < 2; i++) {
      workers.push(
        startJobWorker(deps, { handlers, concurrency: 4, workspaceLimit: 2, pollMs: 20 }),
      );
    }
    await waitFor(async () => {
      const [row] = await deps.db
        .select({ n: count() })
        .from(jobs)
        .where(eq(jobs.status, 'succeeded'));
      return row?.n === 1000;
    }, 60_000);
    expect(runs.size).toBe(1000);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect([...peak.values()]).toEqual([2, 2, 2]);
  });
});
