import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableDocBlocks } from './helpers/docs-blocks';
import { IOFOLD_BIN, REPO_ROOT, type RunningServer, startIofoldServe } from './helpers/run-iofold';

// Executes every ```sh test block in docs/ (the convention is described in docs/README.md).
const blocks = runnableDocBlocks(join(REPO_ROOT, 'docs'));
const work = mkdtempSync(join(tmpdir(), 'iofold-docs-'));
const shims = join(work, '.shims');
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(shims);
  // `npx iofold` from a clone runs bin/iofold.mjs; the blocks run in a temporary folder instead.
  const npx = join(shims, 'npx');
  writeFileSync(
    npx,
    `#!/usr/bin/env bash\nif [ "$1" = iofold ]; then shift; exec "${process.execPath}" "${IOFOLD_BIN}" "$@"; fi\nPATH="${process.env.PATH}" exec npx "$@"\n`,
  );
  chmodSync(npx, 0o755);
  server = await startIofoldServe([], { cwd: work });
});
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('runnable examples in docs/', () => {
  it('finds the examples', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  // One test per block, in page order: later blocks of a page may use files made by earlier ones.
  // A block may take as long as its shell is given (a generation on the full demo, on a loaded
  // machine, can pass the suite's default 30 s).
  const BLOCK_TIMEOUT = 120_000;
  it.each(blocks.map((b) => [`${b.page}:${b.line}`, b] as const))(
    '%s runs as written',
    (_, block) => {
      const code = block.code.replaceAll('http://127.0.0.1:8787', server.url);
      const run = spawnSync('bash', ['-euo', 'pipefail', '-c', code], {
        cwd: block.cwd === 'repo' ? REPO_ROOT : work,
        encoding: 'utf8',
        env: { ...withoutIofoldUrl(), PATH: `${shims}:${process.env.PATH}` },
        timeout: BLOCK_TIMEOUT,
      });
      const where = `docs/${block.page}:${block.line}\n${block.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
      expect(run.status, where).toBe(0);
    },
    BLOCK_TIMEOUT + 5_000,
  );
});

/** Blocks that talk to the server say so (`--url`, `export IOFOLD_URL=…`); the rest use the local database. */
function withoutIofoldUrl(): NodeJS.ProcessEnv {
  const { IOFOLD_URL: _url, IOFOLD_API_KEY: _key, ...env } = process.env;
  return env;
}
