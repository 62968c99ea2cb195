import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '@/core/ports/job-queue';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { handleJobBatch } from './cloudflare/handle-job-batch';
import { JobYield } from './job-yield';
import { type JobWorker, startJobWorker } from './start-job-worker';
import { readJob, waitFor } from './testing';

// Long jobs give their slot back between chunks while another workspace waits (#13): with every
// slot held by two hog workspaces, a third workspace's trivial job starts after one chunk of one
// hog, not after a whole hog job; the hog resumes where it stopped. Asserts claims and chunks, not
// timings (those are in bench).

const deps = createTestDeps();
const workers: JobWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop(1000)));
});

const CHUNKS = 3;

/** noop jobs with note `hog:N` run chunks N..CHUNKS-1, each until the test releases it. */
function chunkedHandlers() {
  const running = new Map<string, number>();
  const gates: { workspaceId: string; release: () => void }[] = [];
  const chunks: string[] = [];
  const bump = (workspaceId: string, by: number) =>
    running.set(workspaceId, (running.get(workspaceId) ?? 0) + by);
  const handlers = createJobHandlers({
    noop: async (ctx, payload) => {
      if (!payload.note?.startsWith('hog:')) {
        return 'trivial';
      }
      bump(ctx.workspaceId, 1);
      try {
        for (let chunk = Number(payload.note.slice(4)); chunk < CHUNKS; chunk++) {
          await new Promise<void>((release) =>
            gates.push({ workspaceId: ctx.workspaceId, release }),
          );
          chunks.push(`${ctx.job.id}:${chunk}`);
          if (chunk + 1 < CHUNKS && (await ctx.shouldYield())) {
            throw new JobYield({ ...payload, note: `hog:${chunk + 1}` });
          }
        }
        return 'hog done';
      } finally {
        bump(ctx.workspaceId, -1);
      }
    },
  });
  /** Lets one running chunk of `workspaceId` finish. */
  const release = (workspaceId: string) => {
    const at = gates.findIndex((g) => g.workspaceId === workspaceId);
    expect(at).toBeGreaterThanOrEqual(0);
    gates.splice(at, 1)[0]?.release();
  };
  const releaseAll = () => {
    for (const gate of gates.splice(0)) {
      gate.release();
    }
  };
  return { handlers, running, gates, chunks, release, releaseAll };
}

const hogs = (workspaceId: string, n: number) =>
  deps.queue.enqueueMany(
    Array.from({ length: n }, () => ({
      type: 'noop' as const,
      workspaceId,
      payload: { note: 'hog:0' },
    })),
  );

describe('long jobs give their slot back while another workspace waits', () => {
  it('Node worker: two hogs hold all 4 slots; a third workspace starts after one chunk', async () => {
    const [a, c, b] = await Promise.all(
      ['ya', 'yc', 'yb'].map((name) => createTestWorkspace(deps, name)),
    );
    const gate = chunkedHandlers();
    const starts: string[] = [];
    const unsubscribe = deps.jobEvents.subscribe((event) => {
      if (event.kind === 'started') {
        starts.push(event.jobId);
      }
    });
    workers.push(startJobWorker(deps, { handlers: gate.handlers, concurrency: 4, pollMs: 20 }));
    try {
      const aJobs = await hogs(a!.id, 3);
      await waitFor(async () => gate.running.get(a!.id) === 3 && gate.gates.length === 3);
      const cJobs = await hogs(c!.id, 3);
      await waitFor(async () => gate.running.get(c!.id) === 1 && gate.gates.length === 4);
      const victim = await deps.queue.enqueue({
        type: 'noop',
        workspaceId: b!.id,
        payload: { note: 'trivial' },
      });
      const before = starts.length;
      // every slot is held by a hog; one chunk of one of a's jobs ends: a holds more than half
      // while b waits with nothing running, so that job gives its slot back and b's job is next
      gate.release(a!.id);
      await waitFor(async () => (await readJob(deps, victim.id)).status === 'succeeded');
      expect(starts[before]).toBe(victim.id);
      // the freed slot goes to c (one running) before a (at its half while c waits)
      await waitFor(async () => gate.running.get(c!.id) === 2);
      expect(gate.running.get(a!.id)).toBe(2);
      expect(starts.slice(before, before + 2)).toEqual([victim.id, cJobs.ids[1]]);
      while (
        (await Promise.all([...aJobs.ids, ...cJobs.ids].map((id) => readJob(deps, id)))).some(
          (job) => job.status !== 'succeeded',
        )
      ) {
        gate.releaseAll();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // each hog ran every chunk exactly once, resuming where it gave its slot back
      for (const id of [...aJobs.ids, ...cJobs.ids]) {
        const ran = gate.chunks.filter((chunk) => chunk.startsWith(`${id}:`));
        expect(ran).toEqual(Array.from({ length: CHUNKS }, (_, i) => `${id}:${i}`));
      }
      const yielded = await readJob(deps, aJobs.ids[0]!);
      expect(yielded.result).toBe('hog done');
    } finally {
      unsubscribe();
      gate.releaseAll();
    }
  });

  it('queue consumer: a job that gives its slot back is queued again as a new message', async () => {
    const [a, b] = await Promise.all(['yqa', 'yqb'].map((name) => createTestWorkspace(deps, name)));
    const { id: hog } = await deps.queue.enqueue({
      type: 'noop',
      workspaceId: a!.id,
      payload: { note: 'hog:0' },
    });
    const { id: waiting } = await deps.queue.enqueue({
      type: 'noop',
      workspaceId: b!.id,
      payload: { note: 'trivial' },
    });
    const redelivered: string[] = [];
    const queue: JobQueue = {
      ...deps.queue,
      redeliver: async (rows) => void redelivered.push(...rows.map((r) => r.id)),
    };
    const acked: string[] = [];
    const handlers = createJobHandlers({
      noop: async (ctx, payload) => {
        // one chunk done; b waits with nothing running
        if (payload.note === 'hog:0' && (await ctx.shouldYield())) {
          throw new JobYield({ note: 'hog:1' });
        }
        return payload.note;
      },
    });
    const message = {
      body: { jobId: hog, workspaceId: a!.id },
      ack: () => void acked.push(hog),
      retry: () => {
        throw new Error('giving the slot back must not use the retry counter');
      },
    };
    await handleJobBatch({ ...deps, queue }, [message], { handlers });
    expect(redelivered).toEqual([hog]);
    expect(acked).toEqual([hog]);
    const row = await readJob(deps, hog);
    expect(row).toMatchObject({ status: 'queued', payload: { note: 'hog:1' }, attempts: 0 });
    // nobody waits any more: the rest runs to the end in one go
    await handleJobBatch(deps, [{ ...message, body: { jobId: waiting, workspaceId: b!.id } }], {
      handlers,
    });
    await handleJobBatch(deps, [message], { handlers });
    expect(await readJob(deps, hog)).toMatchObject({ status: 'succeeded', result: 'hog:1' });
  });
});
