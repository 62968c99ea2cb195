import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, runIofold, startIofoldServe } from './helpers/run-iofold';

// `evals generate` and `evals list` against a real `iofold serve` (with its sandbox), and the
// local-only commands refusing to guess when IOFOLD_URL names a server.
const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-http-evals-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'iofold-cli-no-db-'));
let server: RunningServer;
let env: Record<string, string> = {};

beforeAll(async () => {
  server = await startIofoldServe([], { cwd });
  const created = await runIofold(
    ['keys', 'create', '--name', 'cli', '--role', 'owner', '--workspace', 'demo', '--quiet'],
    { cwd },
  );
  expect(created.code, created.stderr).toBe(0);
  env = { IOFOLD_URL: server.url, IOFOLD_API_KEY: created.stdout.trim() };
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(cwd, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

type Generation = {
  created: { id: string; name: string; version: number } | null;
  outcome: string;
  labelled: number;
};
type EvalRow = { id: string; name: string; version: number; createdAt: string };

describe('evals over HTTP', { timeout: 180_000 }, () => {
  it('generate runs on the server and list answers what the local database holds', async () => {
    const generated = await runIofold(
      ['evals', 'generate', '--name', 'eval_over_http', '--force', '--json'],
      { cwd: elsewhere, env },
    );
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stderr).toMatch(/^job \S+ on http:\/\/127\.0\.0\.1:\d+ /m);
    const result = JSON.parse(generated.stdout) as Generation;
    expect(result.created).toMatchObject({ name: 'eval_over_http', version: 1 });
    expect(result.labelled).toBeGreaterThan(0);
    // nothing was opened or created where the command ran
    expect(existsSync(join(elsewhere, '.iofold'))).toBe(false);

    const overHttp = await runIofold(['evals', 'list', '--json'], { cwd: elsewhere, env });
    expect(overHttp.code, overHttp.stderr).toBe(0);
    const local = await runIofold(['evals', 'list', '--workspace', 'demo', '--json'], { cwd });
    expect(local.code, local.stderr).toBe(0);
    const rows = JSON.parse(overHttp.stdout) as { data: EvalRow[] };
    expect(rows.data.map((r) => r.id)).toContain(result.created?.id);
    expect(rows).toEqual(JSON.parse(local.stdout));
  });

  it('generate over HTTP refuses bad folds with the API validation, in one line', async () => {
    const bad = await runIofold(['evals', 'generate', '--folds', '1'], { cwd: elsewhere, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*folds.* \(VALIDATION\)\n$/);
  });
});

describe('local-only commands with IOFOLD_URL exported', () => {
  it('stop and say both ways instead of opening a database here', async () => {
    writeFileSync(join(elsewhere, 'one.jsonl'), '{}\n');
    for (const args of [
      ['evals', 'run', 'ev_x'],
      ['evals', 'export', 'ev_x'],
      ['tasksets', 'list'],
      ['import', 'one.jsonl'],
      ['workspaces', 'list'],
    ]) {
      const refused = await runIofold(args, { cwd: elsewhere, env });
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr, args.join(' ')).toMatch(
        /works on a local database, and IOFOLD_URL names a server .*--data-dir DIR.*unset IOFOLD_URL/,
      );
    }
    expect(existsSync(join(elsewhere, '.iofold'))).toBe(false);
    // a named database is used as it always was
    const named = await runIofold(['workspaces', 'list', '--data-dir', join(cwd, '.iofold')], {
      cwd: elsewhere,
      env,
    });
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/^demo /m);
  });
});
