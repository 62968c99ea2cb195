import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { IOFOLD_BIN, REPO_ROOT, runIofold } from './helpers/run-iofold';

const dir = mkdtempSync(join(tmpdir(), 'iofold-studio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('iofold db studio', { timeout: 120_000 }, () => {
  it('creates and migrates the embedded database of a fresh clone, then serves Drizzle Studio', async () => {
    const port = await freePort();
    const dataDir = join(dir, 'fresh', '.iofold');
    const child = spawn(
      process.execPath,
      [IOFOLD_BIN, 'db', 'studio', '--data-dir', dataDir, '--port', String(port)],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let output = '';
    const up = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 90_000);
      const read = (chunk: Buffer) => {
        output += chunk;
        if (output.includes(`up and running on https://local.drizzle.studio?port=${port}`)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', () => resolve(false));
    });
    if (child.pid) {
      process.kill(-child.pid, 'SIGTERM');
    }
    expect(up, output).toBe(true);
    const db = createClient({ url: `file:${join(dataDir, 'iofold.db')}` });
    const tables = await db.execute("select name from sqlite_master where type = 'table'");
    db.close();
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['users', 'traces', 'jobs']),
    );
  });

  it('says which variables D1 mode needs', async () => {
    const result = await runIofold(['db', 'studio', '--d1'], { cwd: dir });
    expect(result.code).toBe(7);
    expect(result.stderr).toContain(
      'CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_D1_DATABASE_ID, CLOUDFLARE_D1_TOKEN',
    );
  });
});
