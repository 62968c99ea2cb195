import type { Command } from 'commander';
import type { Deps } from '@/core/context';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import { configFromFlags, localConfigFromFlags, withDatabase } from '../database-options';
import { examplesText } from '../print-result';
import { resolveWorkspaceCtx } from '../resolve-workspace';
import { addExport } from './evals-export-command';
import { addGenerate } from './evals-generate-command';
import type { Run } from './evals-kit';
import { addList, addShow } from './evals-list-command';
import { addActivate, addRefine, addRun } from './evals-version-commands';
import { addModelLimits } from './model-limits-command';
import { workspaceCommandKit } from './workspace-command-kit';

export function registerEvalsCommand(program: Command, io: CliIo) {
  const group = program
    .command('evals')
    .description(
      'Eval functions: generate from labels, list, show, run, refine, export, activate, model limits',
    )
    .addHelpText(
      'after',
      examplesText([
        'iofold evals generate --workspace demo',
        'iofold evals list --workspace demo',
        'iofold evals show eval_refund_check --workspace demo',
        'iofold evals export EVAL_ID --out ./evals',
      ]),
    );
  const { sub } = workspaceCommandKit(io, group);

  /** Opens the database with a sandbox when asked, and runs `use` in the workspace. */
  const run: Run = async (flags, command, use, sandbox = false) =>
    withDatabase(localConfigFromFlags(io, flags, command), async (handle) => {
      const overrides: Partial<Deps> = { llmEnv: configFromFlags(io, flags).llmEnv };
      if (sandbox && io.env.IOFOLD_SANDBOX !== 'off') {
        const { createPyodideSandbox } = await import('@/sandbox/pyodide-sandbox.node.js');
        overrides.sandbox = createPyodideSandbox();
      }
      const deps = cliDeps(handle.db, overrides);
      try {
        return await use(await resolveWorkspaceCtx(deps, flags.workspace, command));
      } finally {
        await deps.sandbox.close();
      }
    });

  addGenerate({ io, sub, run });
  addList({ io, sub, run });
  addShow(group, io);
  addActivate({ io, sub, run });
  addRun({ io, sub, run });
  addRefine({ io, sub, run });
  addExport({ io, sub, run });
  addModelLimits({ io, sub, run });
}
