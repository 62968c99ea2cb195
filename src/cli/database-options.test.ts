import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './testing';

const dataDir = mkdtempSync(join(tmpdir(), 'iofold-db-options-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs with IOFOLD_URL exported at a port nothing listens on: a command that went over HTTP fails. */
async function withUrl(...argv: string[]) {
  return runCliCaptured(argv, { env: { IOFOLD_URL: 'http://127.0.0.1:9' } });
}

describe('the server or the local database, for every data command', () => {
  it('uses a named local database over IOFOLD_URL, the server without one, and refuses --url with one', async () => {
    const local = await withUrl('traces', 'list', '--json', '--data-dir', dataDir);
    expect(local.code, local.err).toBe(0);
    expect(JSON.parse(local.out).data).toEqual([]);

    const remote = await withUrl('jobs', 'list', '--json');
    expect(remote.code).not.toBe(0);
    expect(remote.err).toContain('HTTP mode needs an API key');

    const both = await withUrl(
      'traces',
      'list',
      '--url',
      'http://127.0.0.1:9',
      '--data-dir',
      dataDir,
    );
    expect(both.code).not.toBe(0);
    expect(both.err).toContain('--url and a local database');
  });
});
