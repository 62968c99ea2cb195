import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { IOFOLD_BIN, runIofold, startIofoldServe } from './helpers/run-iofold';

const scratch = mkdtempSync(join(tmpdir(), 'iofold-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('iofold serve', () => {
  it('starts on a fresh folder: creates data folder, database and secrets key, answers /health, stops on SIGTERM', async () => {
    const cwd = mkdtempSync(join(scratch, 'fresh-'));
    const server = await startIofoldServe([], { cwd });
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('green');
      expect(server.output()).toMatch(/database .*iofold\.db \(created\)/);
      expect(server.output()).toMatch(/secrets .*secret\.key \(created\)/);
      expect(server.output()).toMatch(
        /demo +96 traces \(32 labelled\) in workspace "Demo: Harbor Outfitters support"/,
      );
      expect(server.output()).toMatch(/seeding the demo workspace 48\/96 \(50%\)/);
      expect(existsSync(join(cwd, '.iofold', 'iofold.db'))).toBe(true);
      expect(readFileSync(join(cwd, '.iofold', 'secret.key'), 'utf8').trim()).toMatch(
        /^[A-Za-z0-9+/]{43}=$/,
      );
      expect(statSync(join(cwd, '.iofold', 'secret.key')).mode & 0o077).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('prints a one-time link that signs in to the demo workspace on the review screen, and demo --reset keeps the session there', async () => {
    const cwd = mkdtempSync(join(scratch, 'first-run-'));
    const server = await startIofoldServe([], { cwd });
    try {
      const link = /review the demo traces: (http:\/\/\S+)/.exec(server.output())?.[1] ?? '';
      expect(link).toMatch(/\/login\?token=[\w-]+&workspace=demo&next=%2Freview$/);
      const signIn = await fetch(link, { redirect: 'manual' });
      expect(signIn.status).toBe(303);
      expect(signIn.headers.get('location')).toBe('/review');
      // the same link again (a second click, a browser restoring the tab): a page, not JSON
      const used = await fetch(link, { redirect: 'manual' });
      expect(used.status).toBe(303);
      expect(used.headers.get('location')).toBe('/?signin=used');
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const workspace = async () =>
        (
          (await (await fetch(`${server.url}/v1/me`, { headers: { cookie } })).json()) as {
            workspace?: { slug: string; id: string };
          }
        ).workspace;
      const before = await workspace();
      expect(before?.slug).toBe('demo');
      const review = await fetch(`${server.url}/review`, { headers: { cookie } });
      expect(review.headers.get('content-type')).toMatch(/text\/html/);
      const reset = await runIofold(['demo', '--reset', '--yes', '--count', '20'], { cwd });
      expect(reset.code, reset.stderr).toBe(0);
      const after = await workspace();
      expect(after?.slug).toBe('demo');
      expect(after?.id).not.toBe(before?.id);
      // A lost link: `iofold login` prints a new one to the running server (its port, not 8787).
      const again = await runIofold(
        ['login', '--workspace', 'demo', '--next', '/review', '--json'],
        { cwd },
      );
      expect(again.code, again.stderr).toBe(0);
      expect(
        (JSON.parse(again.stdout) as { url: string }).url.startsWith(`${server.url}/login?`),
      ).toBe(true);
      const fresh = await fetch((JSON.parse(again.stdout) as { url: string }).url, {
        redirect: 'manual',
      });
      expect(fresh.headers.get('location')).toBe('/review');
      const unknown = await runIofold(['login', '--email', 'nobody@example.com'], { cwd });
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toBe('error: no user nobody@example.com (NOT_FOUND)\n');
    } finally {
      await server.stop();
    }
  });

  it('reuses the secrets key and database on a second start', async () => {
    const cwd = mkdtempSync(join(scratch, 'again-'));
    await (await startIofoldServe([], { cwd })).stop();
    const key = readFileSync(join(cwd, '.iofold', 'secret.key'), 'utf8');
    const server = await startIofoldServe([], { cwd });
    await server.stop();
    expect(server.output()).not.toMatch(/\(created\)|demo +\d+ traces/);
    expect(server.output()).toMatch(
      /Sign in: npx iofold login prints a one-time link to this server \(valid 24 h\)\./,
    );
    // stopped: iofold login falls back to the configured address
    const login = await runIofold(['login', '--json'], { cwd });
    expect((JSON.parse(login.stdout) as { url: string }).url).toMatch(
      /^http:\/\/127\.0\.0\.1:8787\/login\?/,
    );
    expect(readFileSync(join(cwd, '.iofold', 'secret.key'), 'utf8')).toBe(key);
  });

  it('serves a libSQL database given as a file: URL', async () => {
    const url = `file:${join(scratch, 'libsql', 'shared.db')}`;
    const server = await startIofoldServe([
      '--database-url',
      url,
      '--data-dir',
      join(scratch, 'libsql-data'),
    ]);
    try {
      const health = (await (await fetch(`${server.url}/health`)).json()) as {
        database: { ok: boolean };
      };
      expect(health.database.ok).toBe(true);
      expect(server.output()).toMatch(/database +libSQL server/);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start on a model ceiling that is not a number, naming the variable and its value', async () => {
    const result = await runIofold(['serve', '--data-dir', join(scratch, 'ceiling')], {
      env: { IOFOLD_LLM_CEILING_CONCURRENCY: 'eight' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: IOFOLD_LLM_CEILING_CONCURRENCY is "eight": each model ceiling is a number ≥ 0 (docs/models.md); fix or unset it (VALIDATION)',
    ]);
    expect(existsSync(join(scratch, 'ceiling', 'iofold.db'))).toBe(false);
  });

  it('answers a taken port with a one-line error and exit code 9 (UNAVAILABLE)', async () => {
    const first = await startIofoldServe(['--data-dir', join(scratch, 'port-a')]);
    try {
      const port = new URL(first.url).port;
      const second = await runIofold([
        'serve',
        '--port',
        port,
        '--data-dir',
        join(scratch, 'port-b'),
      ]);
      expect(second.code).toBe(9);
      expect(second.stderr.trim().split('\n')).toEqual([
        `error: port ${port} on 127.0.0.1 is in use; pick another with --port (UNAVAILABLE)`,
      ]);
    } finally {
      await first.stop();
    }
  });
});

describe('iofold db', () => {
  it('migrate --json creates and migrates the database', async () => {
    const dataDir = join(scratch, 'migrate');
    const result = await runIofold(['db', 'migrate', '--data-dir', dataDir, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, database: join(dataDir, 'iofold.db') });
  });

  it('backup copies a consistent database file that opens with every table', async () => {
    const dataDir = join(scratch, 'backup');
    await runIofold(['db', 'migrate', '--data-dir', dataDir]);
    const target = join(scratch, 'copies', 'copy.db');
    const result = await runIofold(['db', 'backup', target, '--data-dir', dataDir, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, path: target });
    const copy = new Database(target, { readonly: true });
    const row = copy
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'traces'")
      .get() as { n: number };
    copy.close();
    expect(row.n).toBe(1);
  });

  it('backup refuses a libSQL URL with exit code 7 (PRECONDITION_FAILED)', async () => {
    const result = await runIofold([
      'db',
      'backup',
      join(scratch, 'x.db'),
      '--database-url',
      `file:${join(scratch, 'l2.db')}`,
    ]);
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/^error: backup copies the embedded SQLite file/);
  });
});

describe('iofold usage', () => {
  it('prints help with examples and exits 0', async () => {
    const result = await runIofold(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:\n {2}\$ iofold serve/);
  });

  it('exits 2 on an unknown command or bad option value, without a stack trace', async () => {
    const unknown = await runIofold(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const bad = await runIofold(['serve', '--database-url', 'postgres://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: databaseUrl: must start with libsql:/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('demo writes deterministic JSON Lines', async () => {
    const a = await runIofold(['demo', '--count', '12', '--seed', '3', '--out', '-']);
    const b = await runIofold(['demo', '--count', '12', '--seed', '3', '--out', '-']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const lines = a.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { messages: unknown[] });
    expect(lines).toHaveLength(12);
    expect(lines.every((l) => l.messages.length > 2)).toBe(true);
  });

  it('exits quietly when the reader closes the pipe early (| head)', async () => {
    const child = spawn(process.execPath, [IOFOLD_BIN, 'demo', '--count', '1000', '--out', '-']);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
