import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { nodeConfigFromEnv, type ResolvedNodeConfig } from '@/core/config';
import { AppError } from '@/core/errors';
import type { NodeDbHandle } from '@/db/open-node-db.node.js';
import type { CliIo } from './cli-io';

export type DatabaseFlags = {
  dataDir?: string;
  database?: string;
  databaseUrl?: string;
  secretKeyFile?: string;
};

/** The flags every command that opens the database itself accepts. */
export function addDatabaseOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'data folder (env IOFOLD_DATA_DIR, default ./.iofold)')
    .option(
      '--database <path>',
      'SQLite file (env IOFOLD_DATABASE_PATH, default <data-dir>/iofold.db)',
    )
    .option(
      '--database-url <url>',
      'libSQL server instead of the file: libsql://, http(s)://, file: (env IOFOLD_DATABASE_URL; token in IOFOLD_DATABASE_AUTH_TOKEN)',
    );
}

export function configFromFlags(
  io: CliIo,
  flags: DatabaseFlags & { host?: string; port?: string; sandbox?: string },
): ResolvedNodeConfig {
  return nodeConfigFromEnv(io.env, {
    host: flags.host,
    port: flags.port,
    dataDir: flags.dataDir,
    databasePath: flags.database,
    databaseUrl: flags.databaseUrl,
    sandbox: flags.sandbox,
    secretKey: flags.secretKeyFile ? readKeyFile(flags.secretKeyFile) : undefined,
  });
}

/**
 * The configuration of a command that works on a local database only. With `IOFOLD_URL` exported
 * and no database named, the user means a server: stop and say both ways, rather than open (and
 * create) a database in this folder.
 */
export function localConfigFromFlags(
  io: CliIo,
  flags: DatabaseFlags,
  command: string,
): ResolvedNodeConfig {
  // the flags' own --url (import's platform address) is not iofold's: only the environment counts
  const { dataDir, database, databaseUrl } = flags;
  const server = serverUrlOf(io, { dataDir, database, databaseUrl });
  if (server) {
    throw new AppError(
      'VALIDATION',
      `iofold ${command.replace(/-/g, ' ')} works on a local database, and IOFOLD_URL names a server (${server}): name this machine's database (--data-dir DIR or --database PATH), or unset IOFOLD_URL`,
    );
  }
  return configFromFlags(io, flags);
}

/**
 * The server a command talks to instead of the local database: `--url`, or `IOFOLD_URL` unless the
 * command names a local database (`--data-dir`, `--database`, `--database-url`), so a command on
 * the server's own machine reaches its database with `IOFOLD_URL` exported. `--url` with a named
 * database is an error. Undefined: the local database.
 */
export function serverUrlOf(
  io: CliIo,
  flags: DatabaseFlags & { url?: string },
): string | undefined {
  const local = flags.dataDir ?? flags.database ?? flags.databaseUrl;
  if (flags.url && local) {
    throw new AppError(
      'VALIDATION',
      '--url and a local database (--data-dir, --database, --database-url) exclude each other',
    );
  }
  return flags.url ?? (local ? undefined : io.env.IOFOLD_URL);
}

/** Opens (and migrates) the configured database for one command, closing it afterwards. */
export async function withDatabase<T>(
  config: ResolvedNodeConfig,
  use: (handle: NodeDbHandle) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const { openNodeDb } = await import('@/db/open-node-db.node.js');
  const handle = await openNodeDb({ ...config, migrate: options.migrate });
  try {
    return await use(handle);
  } finally {
    handle.close();
  }
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new AppError('VALIDATION', `cannot read the secrets key file ${path}`, { cause: error });
  }
}
