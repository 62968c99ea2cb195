import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { printResult } from '../print-result';
import { EVAL_ARG, evalIdIn, type Flags, type Kit } from './evals-kit';

/** Writes a version as Python files. */
export function addExport({ io, sub, run }: Kit) {
  sub('export', 'Write a version as a Python module, a pytest file and its labelled cases')
    .argument('<eval>', EVAL_ARG)
    .option('--out <dir>', 'folder to write into', '.')
    .action(async (id: string, flags: Flags & { out: string }) => {
      const { files } = await run(flags, 'evals-export', async (ctx) =>
        (await import('@/evals/export/export-eval')).exportEval(ctx, await evalIdIn(ctx, id)),
      );
      const written = files.map((file) => {
        const path = resolve(join(flags.out, file.path));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.content);
        return path;
      });
      printResult(
        io,
        flags.json,
        { files: written },
        () => `${written.map((p) => `wrote ${p}`).join('\n')}\n`,
      );
    });
}
