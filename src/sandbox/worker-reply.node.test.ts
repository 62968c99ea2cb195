import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LaunchPlan } from './layers.node.js';
import { type ChildMessage, type SandboxWorker, startWorker } from './worker.node.js';

// A batch's `D` line may carry its result lines (runner/child.mjs, batchWriter): the host takes
// them from there only when they are every line its results file holds unread, else it reads the
// file. Plain Node children (no Pyodide) write both, with different reasons, so the test sees
// which one the host took.

const dir = mkdtempSync(path.join(tmpdir(), 'iofold-worker-reply-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'shim.mjs'), '');
const plan: LaunchPlan = { command: process.execPath, prefix: [], nodeFlags: [], layers: [] };

/**
 * A child that writes an L and an R line saying "file" to the results file, then a `D` line whose
 * copies say "pipe"; `skew` shifts the offsets the `D` line gives (0: true).
 */
function fixture(name: string, skew: number): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `import { fstatSync, writeSync } from 'node:fs';
const lines = (why) => ['L\\t7\\t1\\t{"ok":true,"functionName":"f"}', 'R\\t7\\t0\\t2\\t{"ok":true,"passed":true,"reason":"' + why + '","durationMs":1,"output":""}'];
let bytes = 0;
for (const line of lines('file')) {
  bytes += writeSync(5, line + '\\n');
}
const end = fstatSync(5).size + ${skew};
writeSync(4, 'D\\t7\\t' + end + '\\t' + bytes + '\\t' + lines('pipe').join('\\x1e') + '\\n');
setInterval(() => {}, 1000);
`,
  );
  return file;
}

let worker: SandboxWorker | undefined;
afterEach(() => worker?.kill('close'));

/** The reasons of the lines the host takes for the batch, given the child's `done` message. */
async function reasonsTaken(entry: string): Promise<string[]> {
  worker = startWorker({ plan, runtimeDir: dir, memoryCapBytes: 0, rssLimitBytes: 0, entry });
  const w = worker;
  const done = await new Promise<ChildMessage>((resolve) => w.listen(resolve));
  expect(done).toMatchObject({ t: 'done', id: 7 });
  return (w.takeResults(done) ?? []).map((m) => JSON.parse(String(m.json)).reason ?? 'loaded');
}

describe('a batch reply that carries its result lines', () => {
  it('is taken from the reply when its lines start where the host stopped reading', async () => {
    expect(await reasonsTaken(fixture('true.mjs', 0))).toEqual(['loaded', 'pipe']);
    expect(worker?.takeResults()).toEqual([]); // and the file's lines count as read
  });

  it('is read from the file when they do not', async () => {
    expect(await reasonsTaken(fixture('skewed.mjs', 5))).toEqual(['loaded', 'file']);
  });
});
