import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@/core/ports/sandbox';
import { startedSandbox } from './testing/started-sandbox';

// One workspace's pathological checks cost that workspace (#13, F2): workspaces take turns on
// the check processes, the same code asked twice at once is checked once, and code that would
// take a check process down or run long is refused by fixed bounds, the same under any load.

const sandbox = startedSandbox({ poolSize: 1 });
const TRIVIAL = 'def eval_ok(trace):\n    return True, "ok"\n';
/** Shallow code that takes the check a while (about 30,000 nodes). */
const slow = (i: number) =>
  `x = [${Array.from({ length: 3000 }, () => "f'{trace!r:{1}{2}}'").join(',')}]\n# ${i}\n${TRIVIAL}`;

describe('static check: fairness and bounds', () => {
  it("another workspace's trivial check is served before a workspace's own queued checks", {
    timeout: 120_000,
  }, async () => {
    const done: string[] = [];
    const a = [0, 1, 2, 3].map((i) =>
      sandbox.check(slow(i), 'ws-flood').then((r) => done.push(`a${i}:${r.ok}`)),
    );
    await new Promise((r) => setTimeout(r, 50));
    const b = sandbox.check(TRIVIAL, 'ws-quiet').then((r) => done.push(`b:${r.ok}`));
    await Promise.all([...a, b]);
    expect(done.indexOf('b:true')).toBeGreaterThanOrEqual(0);
    expect(done.indexOf('b:true')).toBeLessThan(3); // at most the two checks running before it
  });

  it('the same code asked again while its check runs gets that check', {
    timeout: 60_000,
  }, async () => {
    const code = slow(99);
    const [r1, r2, r3] = await Promise.all([1, 2, 3].map(() => sandbox.check(code, 'ws-same')));
    expect(r1).toEqual({ ok: true, functionName: 'eval_ok' });
    expect(r2).toBe(r1);
    expect(r3).toBe(r1);
  });

  it('an attribute chain that killed the check process is refused before any process sees it', async () => {
    const code = `import json\nx = json${'.a'.repeat(60_000)}\n${TRIVIAL}`;
    const results = await Promise.all(
      [1, 2, 3].map((i) => sandbox.check(`${code}# ${i}\n`, 'ws-x')),
    );
    const expected: CheckResult = {
      ok: false,
      issues: [
        {
          code: 'TOO_COMPLEX',
          message:
            'an expression nests more than 200 levels deep (operators, calls, attributes or brackets inside one another): split it into statements',
          line: 2,
          column: 1,
        },
      ],
    };
    expect(results).toEqual([expected, expected, expected]);
    expect(await sandbox.check(TRIVIAL, 'ws-x')).toEqual({ ok: true, functionName: 'eval_ok' });
  });

  it('code of more than 50,000 syntax nodes is refused at a fixed place', {
    timeout: 60_000,
  }, async () => {
    // 13,000 statements of 4 nodes after the eval: counted from the last, the bound passes on line 503
    const code = `${TRIVIAL}${'x = 1\n'.repeat(13_000)}`;
    expect(await sandbox.check(code, 'ws-big')).toEqual({
      ok: false,
      issues: [
        {
          code: 'TOO_COMPLEX',
          message: 'the code has more than 50,000 syntax nodes: make it smaller',
          line: 503,
          column: 1,
        },
      ],
    });
  });
});
