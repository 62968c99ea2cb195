import { describe, expect, it } from 'vitest';
import { DEATHS_IN_A_ROW_STOP, notRunMessage, type Sandbox } from '@/core/ports/sandbox';
import { makeView } from './sandbox.contract';
import { withPyodideSandbox } from './testing/with-pyodide-sandbox';

// Probes N1: an eval that raises MemoryError itself (no memory used) was recorded RESOURCE_LIMIT
// and cost a new child (about a CPU-second to start) per chunk, a trace at a time in an eval job's
// first pages; any crash per trace churned children the same way for the whole run.

/** Children replaced so far, as the status says ("replaced so far: 2 (recycle), 1 (timeout)"). */
async function childrenReplaced(sandbox: Sandbox): Promise<number> {
  const status = await sandbox.status();
  const pool = status.layers.find((l) => l.name === 'child-process-pool')?.detail ?? '';
  const replaced = /replaced so far: ([^;]*)/.exec(pool)?.[1];
  if (replaced === undefined) {
    throw new Error(`no replacement count in: ${pool}`);
  }
  return [...replaced.matchAll(/(\d+) \(/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

const RAISES = 'def eval_cheap(t):\n    raise MemoryError("cheap")\n';

describe('children a crashing eval costs', () => {
  it("an eval's own MemoryError is its error, and the child stays, over 20 traces", async () => {
    await withPyodideSandbox({ poolSize: 2 }, async (sandbox) => {
      const warm = await sandbox.runEval({
        workspaceId: 'ws-n1',
        code: 'def eval_ok(t):\n    return True, "ok"\n',
        traces: [makeView('w1'), makeView('w2')],
      });
      expect(warm.ok).toBe(true);
      const before = await childrenReplaced(sandbox);
      const codes: string[] = [];
      // as an eval job's first pages: two traces a call, one a child
      for (let page = 0; page < 10; page++) {
        const r = await sandbox.runEval({
          workspaceId: 'ws-n1',
          code: RAISES,
          traces: [makeView(`p${page}a`), makeView(`p${page}b`)],
        });
        if (!r.ok) {
          throw new Error(r.error.message);
        }
        codes.push(...r.outcomes.map((o) => (o.ok ? 'ok' : `${o.error.code} ${o.error.message}`)));
      }
      expect(codes).toEqual(Array.from({ length: 20 }, () => 'USER_CODE_ERROR MemoryError: cheap'));
      // before: every chunk's child was replaced, a trace a chunk here: 20
      expect((await childrenReplaced(sandbox)) - before).toBe(0);
    });
  });

  it('a batch whose child dies on 3 traces in a row stops there', async () => {
    await withPyodideSandbox({ poolSize: 1 }, async (sandbox) => {
      const before = await childrenReplaced(sandbox);
      const r = await sandbox.runEval({
        workspaceId: 'ws-n1b',
        code: 'def eval_big(t):\n    x = bytearray(1024 * 1024 * 1024)\n    return True, "no"\n',
        traces: Array.from({ length: 8 }, (_, i) => makeView(`d${i}`)),
      });
      expect(r.ok && r.stopped).toBe(DEATHS_IN_A_ROW_STOP);
      expect(r.ok && r.outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
        ...Array.from({ length: 3 }, () => 'RESOURCE_LIMIT'),
        ...Array.from({ length: 5 }, () => 'TIMEOUT'),
      ]);
      expect(r.ok && r.outcomes.at(-1)).toMatchObject({
        error: { message: notRunMessage('the sandbox process died on 3 traces in a row; stopped') },
      });
      // three children lost; before, one per trace: 8
      expect((await childrenReplaced(sandbox)) - before).toBe(3);
    });
  });
});
