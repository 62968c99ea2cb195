import { afterEach, beforeEach } from 'vitest';
import type { Deps } from '@/core/context';
import { createTestWorkspace } from '@/db/testing';
import { type JobWorker, type JobWorkerOptions, startJobWorker } from '@/jobs/start-job-worker';
import { createTestDeps } from '../test-deps';

/**
 * A job test file's world: before each test fresh deps over a new database and a workspace `ws`
 * in it; `enqueueNoop` queues a test job; `start` runs a job worker over them (the one that stops after the test); after each test
 * the worker stops and the database closes.
 */
export function jobWorld() {
  const world = {
    deps: undefined as unknown as Deps & { close(): void },
    ws: '',
    worker: undefined as JobWorker | undefined,
    /** Queues a `noop` job (the test handler) with `payload`, in `ws` unless told another workspace. */
    enqueueNoop(payload: Record<string, unknown> = {}, workspaceId?: string) {
      return world.deps.queue.enqueue({
        type: 'noop',
        workspaceId: workspaceId ?? world.ws,
        payload,
      });
    },
    start(options: JobWorkerOptions) {
      world.worker = startJobWorker(world.deps, options);
      return world.worker;
    },
  };
  beforeEach(async () => {
    world.deps = createTestDeps();
    world.ws = (await createTestWorkspace(world.deps)).id;
  });
  afterEach(async () => {
    await world.worker?.stop(1000);
    world.worker = undefined;
    world.deps.close();
  });
  return world;
}
