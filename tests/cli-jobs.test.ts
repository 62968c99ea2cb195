import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IOFOLD_BIN, runIofold } from './helpers/run-iofold';

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-jobs-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const ws = ['--workspace', 'demo'];
const iofold = (args: string[]) => runIofold(args, { cwd });
const dbPath = join(cwd, '.iofold', 'iofold.db');

/** Writes a job row as a server's worker would (the CLI only sees the shared database). */
function writeJob(id: string, status: string, fields: { progress?: object; error?: object } = {}) {
  const db = new Database(dbPath);
  try {
    const { id: workspaceId } = db
      .prepare("select id from workspaces where slug = 'demo'")
      .get() as {
      id: string;
    };
    const now = Date.now();
    db.prepare(
      `insert into jobs (id, workspace_id, type, payload, status, run_at, attempts, max_attempts,
         progress, error, created_at, updated_at, started_at)
       values (?, ?, 'eval.run', '{}', ?, ?, 1, 5, ?, ?, ?, ?, ?)
       on conflict (id) do update set status = excluded.status, progress = excluded.progress,
         error = excluded.error, updated_at = excluded.updated_at`,
    ).run(
      id,
      workspaceId,
      status,
      now,
      fields.progress ? JSON.stringify(fields.progress) : null,
      fields.error ? JSON.stringify(fields.error) : null,
      now,
      now,
      now,
    );
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const reset = await iofold(['demo', '--reset', '--yes', '--count', '10']);
  expect(reset.code, reset.stderr).toBe(0);
  writeJob('job_done', 'succeeded', { progress: { percent: 100, done: 8, total: 8 } });
  writeJob('job_broken', 'failed', {
    error: { code: 'UNAVAILABLE', message: 'the sandbox is down', retryable: false },
  });
}, 60_000);

describe('iofold jobs', { timeout: 120_000 }, () => {
  it('list shows jobs newest first, filters by status, and --json pages', async () => {
    const table = await iofold(['jobs', 'list', ...ws]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID +TYPE +STATUS +PROGRESS +ATTEMPTS +CREATED +ERROR$/m);
    expect(table.stdout).toMatch(/^job_done +eval\.run +succeeded +100% 8\/8 +1\/5 /m);
    const failed = await iofold(['jobs', 'list', ...ws, '--status', 'failed', '--json']);
    const page = JSON.parse(failed.stdout) as { data: { id: string }[] };
    expect(page.data.map((j) => j.id)).toEqual(['job_broken']);
    expect((await iofold(['jobs', 'list', ...ws, '--status', 'done'])).code).toBe(2);
  });

  it('watch on a finished job prints its state and exits with its outcome', async () => {
    const done = await iofold(['jobs', 'watch', 'job_done', ...ws]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^job_done eval\.run succeeded +\[#{20}\] 100% 8\/8\n$/);
    const broken = await iofold(['jobs', 'watch', 'job_broken', ...ws]);
    expect(broken.code).toBe(9);
    expect(broken.stderr.trim().split('\n').at(-1)).toBe(
      'error: job job_broken failed after 1 attempt(s): the sandbox is down (UNAVAILABLE)',
    );
  });

  it('watch follows a running job written by another process until it ends', async () => {
    writeJob('job_live', 'running', { progress: { percent: 25, done: 1, total: 4 } });
    const child = spawn(process.execPath, [IOFOLD_BIN, 'jobs', 'watch', ...ws], { cwd });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const waiters: (() => void)[] = [];
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      for (const wake of waiters.splice(0)) {
        wake();
      }
    });
    const seen = async (text: string) => {
      while (!stderr.includes(text)) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    // Each change is written once the watcher has drawn the previous one.
    await seen('25% 1/4');
    writeJob('job_live', 'running', { progress: { percent: 75, done: 3, total: 4 } });
    await seen('75% 3/4');
    writeJob('job_live', 'succeeded', { progress: { percent: 100, done: 4, total: 4 } });
    expect(await exited, stderr).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      'job_live eval.run running  [#####---------------] 25% 1/4',
      'job_live eval.run running  [###############-----] 75% 3/4',
      'job_live eval.run succeeded  [####################] 100% 4/4',
    ]);
    expect(stdout).toBe('job_live eval.run succeeded  [####################] 100% 4/4\n');
  });

  it('retry queues a failed job again; cancel ends a queued one; a finished job is a CONFLICT', async () => {
    const retried = await iofold(['jobs', 'retry', 'job_broken', ...ws, '--json']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ id: 'job_broken', status: 'queued' });
    const cancelled = await iofold(['jobs', 'cancel', 'job_broken', ...ws]);
    expect(cancelled.stdout).toMatch(/^job_broken eval\.run cancelled/);
    const watch = await iofold(['jobs', 'watch', 'job_broken', ...ws]);
    expect(watch.code).toBe(6);
    expect(watch.stderr).toMatch(/error: job job_broken was cancelled \(CONFLICT\)\n$/);
    const conflict = await iofold(['jobs', 'cancel', 'job_done', ...ws]);
    expect(conflict.code).toBe(6);
    expect(conflict.stderr).toBe('error: job job_done already succeeded (CONFLICT)\n');
  });

  it('answers an unknown job id with one line and exit code 3', async () => {
    const result = await iofold(['jobs', 'watch', 'job_nope', ...ws]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: job job_nope not found (NOT_FOUND)\n');
  });

  it.each(['list', 'watch', 'cancel', 'retry'])('jobs %s --help shows usage', async (name) => {
    const result = await iofold(['jobs', name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: iofold jobs ${name} `));
  });
});
