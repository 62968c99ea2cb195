import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, serverBuildState } from '../scripts/build-server.mjs';
import { REPO_ROOT } from './helpers/run-iofold';

const scratch = mkdtempSync(join(tmpdir(), 'iofold-compiled-'));
// Inside the package, so the compiled code finds node_modules and package.json as dist/ would.
const outDir = join(REPO_ROOT, 'node_modules', '.cache', `iofold-dist-test-${process.pid}`);
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('which code bin/iofold.mjs runs', () => {
  const base = join(scratch, 'package');
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
  const file = (path: string, seconds: number) => {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), '');
    utimesSync(join(base, path), at(seconds), at(seconds));
  };

  it('is missing without dist/main.js, fresh when built after every source, stale after an edit', () => {
    for (const path of ['package.json', 'tsconfig.json', 'src/cli/main.ts', 'src/db/schema.ts']) {
      file(path, 10);
    }
    for (const dir of ['src/cli', 'src/db', 'src']) {
      utimesSync(join(base, dir), at(10), at(10));
    }
    expect(serverBuildState({ base })).toBe('missing');
    file('dist/main.js', 20);
    expect(serverBuildState({ base })).toBe('fresh');
    file('src/db/schema.ts', 30);
    expect(serverBuildState({ base })).toBe('stale');
    expect(serverBuildState({ base, checkSources: false })).toBe('fresh');
    file('dist/main.js', 40);
    expect(serverBuildState({ base })).toBe('fresh');
    file('src/db/new-file.ts', 30); // the folder's mtime is now
    expect(serverBuildState({ base })).toBe('stale');
  });
});

describe('the compiled server and CLI', { timeout: 120_000 }, () => {
  const dataDir = join(scratch, 'data');
  const run = (args: string[]) =>
    spawnSync(process.execPath, [join(outDir, 'main.js'), ...args, '--data-dir', dataDir], {
      cwd: scratch,
      encoding: 'utf8',
    });

  beforeAll(async () => {
    await buildServer({ outDir });
  }, 120_000);

  it('migrates a new database from the migrations folder and lists its traces', () => {
    const migrate = run(['db', 'migrate', '--json']);
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(JSON.parse(migrate.stdout)).toMatchObject({ ok: true });
    const keys = run(['keys', 'create', '--name', 'setup', '--quiet']);
    expect(keys.status, keys.stderr).toBe(0);
    const demo = run(['demo', '--reset', '--count', '12']);
    expect(demo.status, demo.stderr).toBe(0);
    const list = run(['traces', 'list', '--workspace', 'demo', '--limit', '5', '--json']);
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { data: unknown[] }).data).toHaveLength(5);
  });
});
