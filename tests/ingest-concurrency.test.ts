import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDb } from '@/db/client.node.js';
import { agents, spans, systemPrompts, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { SPLIT_SPANS, splitTrace } from '@/traces/ingest/testing/split-traces';
import { readEvalView } from '@/traces/stored-eval-view';
import { REPO_ROOT } from './helpers/run-iofold';

const dir = mkdtempSync(join(tmpdir(), 'iofold-concurrency-'));
const CHILD = join(REPO_ROOT, 'tests/helpers/ingest-half-child.ts');
const TRACES = 1000;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) {
    child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

function startWriter(args: string[]): Promise<{ child: ChildProcess; done: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    let stdout = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const done = new Promise<void>((ok, fail) =>
      child.once('exit', (code) =>
        code === 0 && stdout.includes('done')
          ? ok()
          : fail(new Error(`writer exited ${code}: ${stderr}`)),
      ),
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready')) {
        resolve({ child, done });
      }
    });
    child.once('exit', () => reject(new Error(`writer exited before ready: ${stderr}`)));
  });
}

describe('two processes on one database file merging halves of the same traces', () => {
  it('keeps every span in every view: 1,000 traces split across two writers', async () => {
    const path = join(dir, 'iofold.db');
    const handle = openSqliteDb({ path });
    const ws = await createTestWorkspace(handle);
    const writers = await Promise.all(
      (['a', 'b'] as const).map((half) => startWriter([path, ws.id, half, String(TRACES), '25'])),
    );
    for (const { child } of writers) {
      child.stdin?.end('go\n');
    }
    await Promise.all(writers.map((w) => w.done));

    const rows = await Promise.all(
      (await handle.db.select().from(traces)).map(async (r) => ({
        ...r,
        evalView: await readEvalView(r.evalView, handle.db),
      })),
    );
    expect(rows).toHaveLength(TRACES);
    const spanRows = await handle.db.select({ traceId: spans.traceId }).from(spans);
    expect(spanRows).toHaveLength(TRACES * SPLIT_SPANS);
    const wrong = rows.filter((row) => {
      const n = Number.parseInt(row.externalId, 16);
      const expected = deriveEvalView(splitTrace(n), { traceId: row.id });
      return (
        row.spanCount !== SPLIT_SPANS ||
        row.stepCount !== expected.columns.stepCount ||
        JSON.stringify(row.evalView) !== JSON.stringify(expected.view)
      );
    });
    expect(wrong.map((r) => `${r.externalId}: ${r.spanCount} spans`).slice(0, 5)).toEqual([]);
    // one agent and one prompt, each counting every trace exactly once
    expect([...new Set(rows.map((r) => r.agentId))]).toEqual([expect.stringMatching(/^ag/)]);
    expect((await handle.db.select().from(agents)).map((a) => a.traceCount)).toEqual([TRACES]);
    expect((await handle.db.select().from(systemPrompts)).map((p) => p.traceCount)).toEqual([
      TRACES,
    ]);
    handle.close();
  }, 180_000);
});
