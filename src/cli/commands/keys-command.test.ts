import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '@/api/app';
import { openSqliteDb } from '@/db/client.node.js';
import { createTestDeps } from '@/db/testing';
import type { CliIo } from '../cli-io';
import { runCli } from '../run-cli';

const dataDir = mkdtempSync(join(tmpdir(), 'iofold-keys-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env: {},
    interactive: false,
  };
  const code = await runCli([...argv, '--data-dir', dataDir], io);
  return { code, out, err };
}

describe('iofold keys', () => {
  it('creates (bootstrapping the owner once), lists and revokes keys that authenticate', async () => {
    const created = await run('keys', 'create', '--name', 'ci', '--json');
    expect(created.code).toBe(0);
    expect(created.err).toMatch(/\/login\?token=/);
    const key = JSON.parse(created.out);
    expect(key.secretKey).toMatch(/^sk-if-/);
    const quiet = await run('keys', 'create', '--name', 'script', '--role', 'viewer', '--quiet');
    expect(quiet.out.trim()).toMatch(/^sk-if-[\w-]+$/);
    expect(quiet.err).toBe('');

    const handle = openSqliteDb({ path: join(dataDir, 'iofold.db') });
    const deps = createTestDeps({ db: handle.db });
    const app = createApp(() => deps);
    const me = await app.request('/v1/me', {
      headers: { authorization: `Bearer ${key.secretKey}` },
    });
    expect(me.status).toBe(200);

    const list = await run('keys', 'list', '--json');
    expect(
      JSON.parse(list.out)
        .data.map((k: { name: string }) => k.name)
        .sort(),
    ).toEqual(['ci', 'script']);
    expect(list.out).not.toContain(key.secretKey);
    expect((await run('keys', 'revoke', key.apiKey.id)).code).toBe(0);
    const after = await app.request('/v1/me', {
      headers: { authorization: `Bearer ${key.secretKey}` },
    });
    expect(after.status).toBe(401);
    handle.close();
    deps.close();
  });

  it('exits non-zero for an unknown workspace', async () => {
    const result = await run('keys', 'create', '--name', 'x', '--workspace', 'nope');
    expect(result.code).not.toBe(0);
  });
});
