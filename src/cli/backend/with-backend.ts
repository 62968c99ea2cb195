import type { Command } from 'commander';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import {
  addDatabaseOptions,
  configFromFlags,
  type DatabaseFlags,
  serverUrlOf,
  withDatabase,
} from '../database-options';
import { resolveWorkspaceCtx } from '../resolve-workspace';
import type { CliBackend } from './cli-backend';
import { createLocalBackend } from './local-backend';

export type BackendFlags = DatabaseFlags & {
  workspace?: string;
  url?: string;
  key?: string;
  as?: string;
  json?: boolean;
};

/** The flags of a data command: the local database (default) or a server (`--url`, `--key`). */
export function addBackendOptions(command: Command): Command {
  return addDatabaseOptions(command)
    .option('--workspace <slug>', 'local mode: workspace (env IOFOLD_WORKSPACE, default "default")')
    .option('--url <url>', 'HTTP mode: the server to talk to (env IOFOLD_URL)')
    .option('--key <secret>', 'HTTP mode: API key, sk-if-… (env IOFOLD_API_KEY)')
    .option('--json', 'print the result as JSON');
}

/** The local workspace a command acts in: --workspace, else IOFOLD_WORKSPACE, else `default`. */
export function workspaceSlug(io: CliIo, flags: BackendFlags): string {
  return flags.workspace ?? io.env.IOFOLD_WORKSPACE ?? 'default';
}

/**
 * Runs `use` against a server when `serverUrlOf` names one (`--url`, or IOFOLD_URL without a named
 * local database), else against the local database in the chosen workspace.
 */
export async function withBackend<T>(
  io: CliIo,
  flags: BackendFlags,
  command: string,
  use: (backend: CliBackend) => Promise<T>,
): Promise<T> {
  const url = serverUrlOf(io, flags);
  if (url) {
    const { createHttpBackend } = await import('./http-backend');
    if (flags.workspace) {
      io.err('note: --workspace is ignored with --url; the API key decides the workspace\n');
    }
    return use(createHttpBackend(url, flags.key ?? io.env.IOFOLD_API_KEY));
  }
  return withDatabase(configFromFlags(io, flags), async (handle) => {
    const ctx = await resolveWorkspaceCtx(cliDeps(handle.db), workspaceSlug(io, flags), command);
    return use(createLocalBackend(ctx, { as: flags.as }));
  });
}
