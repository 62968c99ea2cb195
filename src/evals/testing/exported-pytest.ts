import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from '@/core/context';
import { exportEval } from '../export/export-eval';

/** Whether python3 with pytest is installed here: tests that run an export skip, saying so, without it. */
export const pytestMissing = () => spawnSync('python3', ['-m', 'pytest', '--version']).status !== 0;

/**
 * Exports an eval version into a fresh folder and runs pytest there, outside iofold; `report` is
 * pytest's `-r` flag (`-rs` lists skips, `-rx` expected failures). The folder is removed after.
 */
export async function runExportedPytest(ctx: Ctx, evalId: string, report: '-rs' | '-rx') {
  const { files } = await exportEval(ctx, evalId);
  const dir = mkdtempSync(join(tmpdir(), 'iofold-export-'));
  try {
    for (const file of files) {
      writeFileSync(join(dir, file.path), file.content);
    }
    const run = spawnSync(
      'python3',
      ['-m', 'pytest', '-q', report, '-p', 'no:cacheprovider', dir],
      {
        encoding: 'utf8',
        cwd: dir,
      },
    );
    return { files, run };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
