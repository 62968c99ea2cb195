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
});
