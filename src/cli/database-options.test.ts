import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUrlAndDataDirRefused, runCliWithDeadUrl } from './testing';

const dataDir = mkdtempSync(join(tmpdir(), 'iofold-db-options-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const withUrl = runCliWithDeadUrl;

describe('the server or the local database, for every data command', () => {
  it('uses a named local database over IOFOLD_URL, the server without one, and refuses --url with one', async () => {
    const local = await withUrl('traces', 'list', '--json', '--data-dir', dataDir);
    expect(local.code, local.err).toBe(0);
    expect(JSON.parse(local.out).data).toEqual([]);

    const remote = await withUrl('jobs', 'list', '--json');
    expect(remote.code).not.toBe(0);
    expect(remote.err).toContain('HTTP mode needs an API key');

    await expectUrlAndDataDirRefused(['traces', 'list'], dataDir);
  });
});
