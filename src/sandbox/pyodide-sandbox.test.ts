import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPyodideSandbox } from './pyodide-sandbox.node.js';
import { describeSandboxContract, makeView, oneUserCodeError } from './sandbox.contract';
import { withPyodideSandbox } from './testing/with-pyodide-sandbox';

describeSandboxContract('pyodide (child-process pool)', () =>
  createPyodideSandbox({ poolSize: 2 }),
);

const isRootLinux = process.getuid?.() === 0 && process.platform === 'linux';

describe('pyodide sandbox specifics', () => {
  it.skipIf(!isRootLinux)(
    'reports every OS layer active when running as root on Linux',
    async () => {
      await withPyodideSandbox({ poolSize: 1 }, async (sandbox) => {
        const status = await sandbox.status();
        const active = Object.fromEntries(status.layers.map((l) => [l.name, l.active]));
        expect(active).toMatchObject({
          'memory-snapshot': true,
          'node-permission-model': true,
          'network-namespace': true,
          'unprivileged-user': true,
          'clean-runs': true,
          'check-process': true,
        });
      });
    },
  );

  it('reads a batch exactly whether it travels in the run message (small) or the batch file (large)', async () => {
    const code =
      'def eval_size(t):\n    text = t["messages"][0]["content"]\n    return True, f"{len(text)}:{text[-6:]}"\n';
    // 3 x 40 KB: past what goes in the message (64 KB), then one small trace in the message
    const big = [0, 1, 2].map((i) =>
      makeView(`big${i}`, [{ role: 'user', content: `${'é'.repeat(20_000 + i)}end-${i}${i}` }]),
    );
    const small = [makeView('small', [{ role: 'user', content: 'tiny-small' }])];
    await withPyodideSandbox({ poolSize: 1 }, async (sandbox) => {
      for (const [traces, want] of [
        [big, ['20006:end-00', '20007:end-11', '20008:end-22']],
        [small, ['10:-small']],
        [big, ['20006:end-00', '20007:end-11', '20008:end-22']],
      ] as const) {
        const r = await sandbox.runEval({ code, traces: [...traces], workspaceId: 'ws-sizes' });
        expect(r.ok && r.outcomes.map((o) => (o.ok ? o.reason : o.error.message))).toEqual(want);
      }
    });
  });

  it('recycles a child after a memory breach and serves the next call correctly', async () => {
    await withPyodideSandbox({ poolSize: 1 }, async (sandbox) => {
      const r = await sandbox.runEval({
        workspaceId: 'ws-test',
        code: 'def eval_big(t):\n    if t["trace_id"] == "big":\n        x = bytearray(1024 * 1024 * 1024)\n    return True, "ok"\n',
        traces: [makeView('big'), makeView('after')],
      });
      expect(r.ok && r.outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
        'RESOURCE_LIMIT',
        'ok',
      ]);
      const again = await sandbox.runEval({
        workspaceId: 'ws-test',
        code: 'def eval_a(t):\n    return True, t["trace_id"]\n',
        traces: [makeView('z')],
      });
      expect(again).toMatchObject({ ok: true, outcomes: [{ ok: true, reason: 'z' }] });
    });
  });

  it('accepts and runs the example of docs/eval-contract.md', async () => {
    const doc = readFileSync(new URL('../../docs/eval-contract.md', import.meta.url), 'utf8');
    const code = /```python\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    await withPyodideSandbox({ poolSize: 1 }, async (sandbox) => {
      expect(await sandbox.check(code)).toEqual({
        ok: true,
        functionName: 'eval_confirms_before_booking',
      });
      const booking = { id: 'c1', name: 'book_reservation', arguments: {} };
      const r = await sandbox.runEval({
        workspaceId: 'ws-test',
        code,
        traces: [
          makeView('early', [{ role: 'assistant', content: '', tool_calls: [booking] }]),
          makeView('late', [
            { role: 'user', content: 'Yes, go ahead' },
            { role: 'assistant', content: '', tool_calls: [booking] },
          ]),
        ],
      });
      expect(r.ok && r.outcomes.map((o) => o.ok && o.passed)).toEqual([false, true]);
    });
  });

  it('answers a dataclass field annotated with a string with what to write instead', async () => {
    const code = `import dataclasses

@dataclasses.dataclass
class Row:
    n: int = 0
    label: "str" = ""

def eval_rows(trace):
    return True, repr(Row())
`;
    await withPyodideSandbox({ poolSize: 1 }, async (sandbox) => {
      const r = await sandbox.runEval({ code, traces: [makeView('t1')], workspaceId: 'ws-rows' });
      expect(r).toMatchObject(
        oneUserCodeError(
          expect.stringContaining(
            "TypeError: dataclass field 'label' is annotated with a string: evals do not evaluate string annotations, write its type (x: int, not x: 'int')",
          ),
        ),
      );
    });
  });

  it('still runs with the OS layers disabled and says so', async () => {
    await withPyodideSandbox({ poolSize: 1, osIsolation: false }, async (sandbox) => {
      const status = await sandbox.status();
      const netns = status.layers.find((l) => l.name === 'network-namespace');
      expect(netns).toMatchObject({
        active: false,
        detail: expect.stringContaining('unavailable'),
      });
      const r = await sandbox.runEval({
        workspaceId: 'ws-test',
        code: 'def eval_a(t):\n    return False, "no"\n',
        traces: [makeView('x')],
      });
      expect(r).toMatchObject({ ok: true, outcomes: [{ ok: true, passed: false }] });
    });
  });

  it('on shutdown removes runtime dirs nobody uses and keeps its own for the next start', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'iofold-sandbox-base-'));
    chmodSync(base, 0o755); // the child runs as an unprivileged user and must reach the runtime dir
    const stale = path.join(base, `iofold-sandbox-${'0'.repeat(16)}`);
    mkdirSync(path.join(stale, 'pyodide'), { recursive: true });
    await withPyodideSandbox(
      { poolSize: 1, snapshot: false, runtimeBaseDir: base },
      async (sandbox) => {
        const r = await sandbox.runEval({
          workspaceId: 'ws-test',
          code: 'def eval_a(t):\n    return True, "ok"\n',
          traces: [makeView('x')],
        });
        expect(r).toMatchObject({ ok: true });
        expect(existsSync(stale)).toBe(true);
      },
    );
    const left = readdirSync(base);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^iofold-sandbox-[0-9a-f]{16}$/);
    expect(readdirSync(path.join(base, left[0] as string, '.users'))).toEqual([]);
    rmSync(base, { recursive: true, force: true });
  });
});
