import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '@/core/errors';
import { PACKAGE_ROOT } from '@/core/package-path.node.js';
import type { CliIo } from '../cli-io';
import {
  addDatabaseOptions,
  configFromFlags,
  type DatabaseFlags,
  withDatabase,
} from '../database-options';
import { examplesText, printResult } from '../print-result';
import { registerDbStorageCommands } from './db-storage-commands';

export function registerDbCommand(program: Command, io: CliIo) {
  const db = program
    .command('db')
    .description('Database commands: migrate, backup, studio, stats, compact, vacuum')
    .addHelpText(
      'after',
      examplesText(['iofold db migrate', 'iofold db backup ./backup.db', 'iofold db studio']),
    );
  registerDbStorageCommands(db, io);

  addDatabaseOptions(db.command('migrate'))
    .description('Apply pending migrations (serve also does this on start)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examplesText(['iofold db migrate', 'iofold db migrate --database-url file:./shared.db']),
    )
    .action(async (flags: DatabaseFlags & { json?: boolean }) => {
      const config = configFromFlags(io, flags);
      const location = await withDatabase(config, async (handle) => handle.location);
      printResult(io, flags.json, { ok: true, database: location }, () => `migrated ${location}\n`);
    });

  addDatabaseOptions(db.command('backup'))
    .description('Copy the embedded database to FILE while it is in use (SQLite online backup)')
    .argument('[file]', 'destination (default <data-dir>/backups/iofold-<time>.db)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examplesText(['iofold db backup', 'iofold db backup /tmp/iofold-copy.db --json']),
    )
    .action(async (file: string | undefined, flags: DatabaseFlags & { json?: boolean }) => {
      const config = configFromFlags(io, flags);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const destination = resolve(file ?? join(config.dataDir, 'backups', `iofold-${stamp}.db`));
      mkdirSync(dirname(destination), { recursive: true });
      await withDatabase(config, (handle) => handle.backup(destination), { migrate: false });
      const bytes = statSync(destination).size;
      printResult(
        io,
        flags.json,
        { ok: true, path: destination, bytes },
        () => `backed up to ${destination} (${bytes} bytes)\n`,
      );
    });

  addDatabaseOptions(db.command('studio'))
    .description('Browse the database in Drizzle Studio (needs the dev dependencies)')
    .option('--d1', 'a Cloudflare D1 database over its HTTP API instead of the embedded file')
    .option('--port <port>', 'Drizzle Studio port', '4983')
    .addHelpText(
      'after',
      examplesText([
        'iofold db studio',
        'iofold db studio --database ./other.db',
        'CLOUDFLARE_ACCOUNT_ID=… CLOUDFLARE_D1_DATABASE_ID=… CLOUDFLARE_D1_TOKEN=… iofold db studio --d1',
      ]),
    )
    .action(async (flags: DatabaseFlags & { d1?: boolean; port: string }) => {
      const config = configFromFlags(io, flags);
      const env = { ...io.env };
      if (flags.d1) {
        const missing = D1_STUDIO_ENV.filter((name) => !io.env[name]);
        if (missing.length > 0) {
          throw new AppError('PRECONDITION_FAILED', `db studio --d1 needs ${missing.join(', ')}`);
        }
      } else if (config.databaseUrl) {
        throw new AppError(
          'PRECONDITION_FAILED',
          'db studio opens the embedded SQLite file or D1 (--d1); use your libSQL server tools for a URL',
        );
      } else {
        // A fresh clone has no database yet: create and migrate it, so Studio shows every table.
        await withDatabase(config, async () => undefined);
        env.IOFOLD_DATABASE_PATH = resolve(config.databasePath);
        delete env.CLOUDFLARE_D1_DATABASE_ID;
      }
      const code = await new Promise<number>((done, fail) => {
        const args = ['drizzle-kit', 'studio', '--host', '127.0.0.1', '--port', flags.port];
        const child = spawn('npx', args, { cwd: PACKAGE_ROOT, stdio: 'inherit', env });
        child.once('error', fail);
        child.once('exit', (status) => done(status ?? 1));
      });
      if (code !== 0) {
        throw new AppError('UNAVAILABLE', `drizzle-kit studio exited with ${code}`);
      }
    });
}

const D1_STUDIO_ENV = ['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_D1_DATABASE_ID', 'CLOUDFLARE_D1_TOKEN'];
