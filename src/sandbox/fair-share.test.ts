import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '@/core/ports/sandbox';
import { createPyodideSandbox } from './pyodide-sandbox.node.js';
import { makeView } from './sandbox.contract';

// One workspace cannot starve the others (issue #13): workspace A queues four calls of an eval
// that loops forever, more than the two children can run; B's trivial call, queued after all of
// them, gets the first child A gives back. First come, first served would run it last.

const LOOP = 'def eval_loop(trace):\n    while True:\n        pass\n';
const TRIVIAL = 'def eval_ok(trace):\n    return True, trace["trace_id"]\n';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = createPyodideSandbox({ poolSize: 2 });
  await sandbox.status();
  await sandbox.check(LOOP);
  await sandbox.check(TRIVIAL);
});
afterAll(() => sandbox.close());

describe('sandbox fairness between workspaces', () => {
  it("B's call waiting behind A's queue of looping calls runs before most of them", {
    timeout: 120_000,
  }, async () => {
    const finished: string[] = [];
    const loops = Array.from({ length: 4 }, (_, i) =>
      sandbox
        .runEval({
          code: LOOP,
          traces: [makeView(`a${i}-1`), makeView(`a${i}-2`)],
          workspaceId: 'ws-attacker',
          timeoutMsPerTrace: 1000,
        })
        .then((r) => {
          finished.push(`A${i}`);
          return r;
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100)); // A's calls are queued first
    const b = await sandbox.runEval({
      code: TRIVIAL,
      traces: [makeView('b')],
      workspaceId: 'ws-victim',
    });
    finished.push('B');
    expect(b).toMatchObject({ ok: true, outcomes: [{ ok: true, passed: true, reason: 'b' }] });
    const a = await Promise.all(loops);
    for (const r of a) {
      expect(r).toMatchObject({
        ok: true,
        outcomes: [
          { ok: false, error: { code: 'TIMEOUT' } },
          { ok: false, error: { code: 'TIMEOUT' } },
        ],
      });
    }
    expect(finished.indexOf('B')).toBeLessThanOrEqual(1);
  });

  it("three looping workspaces: B's one-trace and 20-trace calls end before any looping trace's limit", {
    timeout: 180_000,
  }, async () => {
    // probes F8: A, C and D each run a looping call (one trace, so the call ends when its trace
    // reaches its limit; a long limit, as a spare's start takes seconds on a loaded machine): two
    // take the children, one a reserve seat. B's calls must not wait for any of those limits.
    const finished: string[] = [];
    const loops = ['A', 'C', 'D'].map((ws) =>
      sandbox
        .runEval({
          code: LOOP,
          traces: [makeView(ws)],
          workspaceId: `ws-${ws}`,
          timeoutMsPerTrace: 15_000,
        })
        .then((r) => {
          finished.push(ws);
          return r;
        }),
    );
    await waitForSpare(sandbox);
    const one = await sandbox.runEval({
      code: TRIVIAL,
      traces: [makeView('b')],
      workspaceId: 'ws-B',
    });
    finished.push('B1');
    const twenty = await sandbox.runEval({
      code: TRIVIAL,
      traces: Array.from({ length: 20 }, (_, i) => makeView(`b${i}`)),
      workspaceId: 'ws-B',
    });
    finished.push('B20');
    expect(one).toMatchObject({ ok: true, outcomes: [{ ok: true, passed: true, reason: 'b' }] });
    expect(twenty.ok && twenty.outcomes.map((o) => o.ok && o.reason)).toEqual(
      Array.from({ length: 20 }, (_, i) => `b${i}`),
    );
    for (const r of await Promise.all(loops)) {
      expect(r).toMatchObject({ ok: true, outcomes: [{ ok: false, error: { code: 'TIMEOUT' } }] });
    }
    // before: the third looping workspace took the one reserve child, and B waited for a limit
    expect(finished.slice(0, 2)).toEqual(['B1', 'B20']);
    expect(finished).toHaveLength(5);
  });
});

/** Until the pool has a child up beside the running ones (the spare a newcomer takes). */
async function waitForSpare(box: Sandbox): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const status = await box.status();
    const pool = status.layers.find((l) => l.name === 'child-process-pool')?.detail ?? '';
    if (/\(\d+ idle, [1-9]\d* fresh,/.test(pool)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no spare child came up within 30 s');
}
