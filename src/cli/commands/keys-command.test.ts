import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '@/api/app';
import { openSqliteDb } from '@/db/client.node.js';
import { createTestDeps } from '@/hosts/test-deps';
import { expectUrlAndDataDirRefused, runCliCaptured, runCliWithDeadUrl } from '../testing';

const dataDir = mkdtempSync(join(tmpdir(), 'iofold-keys-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  return runAnswering(undefined, ...argv);
}

/** Runs with a terminal that answers `answer` to a question (none: not a terminal). */
async function runAnswering(answer: string | undefined, ...argv: string[]) {
  return runCliCaptured([...argv, '--data-dir', dataDir], { answer });
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
    const unasked = await run('keys', 'revoke', key.apiKey.id);
    expect(unasked.code).toBe(2);
    expect(unasked.err).toMatch(
      /This revokes the API key .* \("ci"\).*; nothing was changed\. Run it in a terminal to be asked, or add --yes/,
    );
    const declined = await runAnswering('n', 'keys', 'revoke', key.apiKey.id);
    expect(declined.err).toMatch(/whatever uses it gets 401 from now on\. Continue\? \[y\/N\] /);
    expect(declined.code).toBe(2);
    const still = await app.request('/v1/me', {
      headers: { authorization: `Bearer ${key.secretKey}` },
    });
    expect(still.status).toBe(200);
    expect((await runAnswering('y', 'keys', 'revoke', key.apiKey.id)).code).toBe(0);
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

  it('with IOFOLD_URL exported: a named local database wins, else it asks for an owner key or --data-dir', async () => {
    const withUrl = runCliWithDeadUrl;
    const local = await withUrl(
      'keys',
      'create',
      '--name',
      'here',
      '--quiet',
      '--data-dir',
      dataDir,
    );
    expect(local.code, local.err).toBe(0);
    expect(local.out.trim()).toMatch(/^sk-if-/);
    const listed = await withUrl('keys', 'list', '--json', '--data-dir', dataDir);
    expect(JSON.parse(listed.out).data.map((k: { name: string }) => k.name)).toContain('here');

    const unnamed = await withUrl('keys', 'create', '--name', 'where');
    expect(unnamed.code).not.toBe(0);
    expect(unnamed.err).toContain('IOFOLD_URL is set, so keys are managed on http://127.0.0.1:9');
    expect(unnamed.err).toContain('--data-dir DIR');
    await expectUrlAndDataDirRefused(['keys', 'list'], dataDir);
  });
});
