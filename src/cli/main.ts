import { Command } from 'commander';
import { nodeConfigFromEnv } from '@/core/config';
import { createJsonLogger } from '@/core/logger';
import { IOFOLD_VERSION } from '@/core/version';
import { openSqliteDb } from '@/db/client.node.js';
import { startNodeHost } from '@/hosts/node';

const program = new Command('iofold')
  .version(IOFOLD_VERSION)
  .description('iofold: evals from human labels');

program
  .command('serve')
  .description('Serve the API (and dashboard) on the embedded database')
  .option('--host <host>', 'address to listen on (env IOFOLD_HOST)')
  .option('--port <port>', 'port to listen on (env IOFOLD_PORT, default 8787)')
  .option('--data-dir <dir>', 'data folder (env IOFOLD_DATA_DIR, default ./.iofold)')
  .option('--database <path>', 'SQLite file (env IOFOLD_DATABASE_PATH)')
  .action(async (options) => {
    const config = nodeConfigFromEnv(process.env, {
      host: options.host,
      port: options.port,
      dataDir: options.dataDir,
      databasePath: options.database,
    });
    const log = createJsonLogger((line) => process.stdout.write(`${line}\n`));
    const host = await startNodeHost(config, log);
    process.stdout.write(`iofold ${IOFOLD_VERSION} ready at ${host.url}\n`);
    const stop = () => void host.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

const db = program.command('db').description('Database commands');
db.command('migrate')
  .description('Apply pending migrations to the embedded database')
  .option('--database <path>', 'SQLite file (env IOFOLD_DATABASE_PATH)')
  .action((options) => {
    const config = nodeConfigFromEnv(process.env, { databasePath: options.database });
    openSqliteDb({ path: config.databasePath }).close();
    process.stdout.write(`migrated ${config.databasePath}\n`);
  });

await program.parseAsync(process.argv);
