import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import type { Pool } from './pool.node.js';
import { runBatch } from './run-batch.node.js';
import type { SandboxWorker } from './worker.node.js';

// A call's wall-clock limit (batchTimeoutMs), with a pool that never hands out a child: the call
// stops at its limit (checked once a second) and reports its traces as not run.

/** A pool whose requests wait until withdrawn. */
function starvedPool(): Pool {
  return {
    tryAcquire: () => null,
    acquire: (_tenant: string, signal?: AbortSignal) =>
      new Promise<SandboxWorker>((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason));
      }),
  } as unknown as Pool;
}

const trace = { trace_id: 't1', messages: [] } as unknown as EvalView;

describe('a call past its wall-clock limit', () => {
  it('stops within a second of it and reports its traces as not run', async () => {
    const started = performance.now();
    const result = await runBatch(
      starvedPool(),
      { code: 'def f(trace):\n    return True, ""\n', traces: [trace], workspaceId: 'ws' },
      {
        timeoutMsPerTrace: 5000,
        batchTimeoutMs: 50,
        chunkSize: 1,
        concurrency: 1,
        nextId: () => 1,
      },
    );
    const ms = performance.now() - started;
    expect(result).toMatchObject({
      ok: true,
      stopped: 'the call exceeded its 50 ms limit',
      outcomes: [
        {
          traceId: 't1',
          ok: false,
          error: { code: 'TIMEOUT', message: 'not run: the call exceeded its 50 ms limit' },
        },
      ],
    });
    expect(ms).toBeGreaterThanOrEqual(50);
    expect(ms).toBeLessThan(1_500);
  });
});
