import type { Command } from 'commander';
import type { Ctx } from '@/core/context';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import {
  addDatabaseOptions,
  type DatabaseFlags,
  localConfigFromFlags,
  withDatabase,
} from '../database-options';
import { resolveWorkspaceCtx } from '../resolve-workspace';

export type WorkspaceFlags = DatabaseFlags & { workspace: string; json?: boolean };

/**
 * A subcommand on the local database in one workspace (`--workspace`, `--json` and the database
 * options), and the runner that opens the database and resolves the workspace for it.
 */
export function workspaceCommandKit(io: CliIo, group: Command) {
  const sub = (name: string, description: string) =>
    addDatabaseOptions(group.command(name).description(description))
      .option(
        '--workspace <slug>',
        'workspace (env IOFOLD_WORKSPACE)',
        io.env.IOFOLD_WORKSPACE ?? 'default',
      )
      .option('--json', 'print the result as JSON');
  const run = <T>(flags: WorkspaceFlags, command: string, use: (ctx: Ctx) => Promise<T>) =>
    withDatabase(localConfigFromFlags(io, flags, command), async (handle) =>
      use(await resolveWorkspaceCtx(cliDeps(handle.db), flags.workspace, command)),
    );
  return { io, sub, run };
}

/** What each subcommand's function needs: output, a subcommand with the options, the runner. */
export type WorkspaceKit = ReturnType<typeof workspaceCommandKit>;
