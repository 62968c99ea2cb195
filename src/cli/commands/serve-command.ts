import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { createJsonLogger } from '@/core/logger';
import { unreadableCeilings } from '@/core/pick-llm-env';
import { IOFOLD_VERSION } from '@/core/version';
import { users } from '@/db/schema';
import type { CliIo } from '../cli-io';
import { addDatabaseOptions, configFromFlags, type DatabaseFlags } from '../database-options';
import { createPrettyLogger } from '../pretty-logger';
import { examplesText } from '../print-result';
import { createProgressBar } from '../progress-bar';
import { recordServerAddress } from '../server-address';

type ServeFlags = DatabaseFlags & {
  host?: string;
  port?: string;
  llmProvider?: string;
  llmModel?: string;
  llmBaseUrl?: string;
  logFormat?: string;
  demo: boolean;
  sandbox?: string;
};

export function registerServeCommand(program: Command, io: CliIo) {
  const command = program
    .command('serve')
    .description('Run the API and dashboard (creates and migrates the database on first start)')
    .option('--host <host>', 'address to listen on (env IOFOLD_HOST, default 127.0.0.1)')
    .option(
      '--port <port>',
      'port to listen on (env IOFOLD_PORT, default 8787; 0 = any free port)',
    );
  addDatabaseOptions(command)
    .option(
      '--secret-key-file <file>',
      'file holding the 32-byte secrets key (env IOFOLD_SECRET_KEY holds the key itself; default <data-dir>/secret.key)',
    )
    .option(
      '--llm-provider <name>',
      'model provider: openai, anthropic, openrouter, ollama, lmstudio, vllm, openai-compatible (env IOFOLD_LLM_PROVIDER)',
    )
    .option('--llm-model <id>', 'model id (env IOFOLD_LLM_MODEL)')
    .option('--llm-base-url <url>', 'model API base URL (env IOFOLD_LLM_BASE_URL)')
    .option('--log-format <format>', 'pretty or json (env IOFOLD_LOG_FORMAT)')
    .option(
      '--sandbox <mode>',
      'local (Pyodide child processes) or off (env IOFOLD_SANDBOX, default local)',
    )
    .option('--no-demo', 'do not seed the demo workspace on first start (env IOFOLD_DEMO=off)')
    .addHelpText(
      'after',
      examplesText([
        'iofold serve',
        'iofold serve --port 9000 --data-dir /var/lib/iofold',
        'IOFOLD_LLM_PROVIDER=ollama IOFOLD_LLM_MODEL=qwen2.5-coder:14b iofold serve',
        'iofold serve --database-url libsql://db.example.com --host 0.0.0.0',
      ]),
    )
    .action(async (flags: ServeFlags) => {
      const verbose = Boolean(program.opts().verbose);
      const config = configFromFlags(io, flags);
      assertCeilingsReadable(io.env);
      setIfGiven(io.env, 'IOFOLD_LLM_PROVIDER', flags.llmProvider);
      setIfGiven(io.env, 'IOFOLD_LLM_MODEL', flags.llmModel);
      setIfGiven(io.env, 'IOFOLD_LLM_BASE_URL', flags.llmBaseUrl);
      const format = flags.logFormat ?? io.env.IOFOLD_LOG_FORMAT ?? 'pretty';
      const write = (line: string) => io.err(`${line}\n`);
      const log =
        format === 'json'
          ? createJsonLogger(write)
          : createPrettyLogger(write, verbose ? 'debug' : 'warn');
      const fresh = !config.databaseUrl && !existsSync(config.databasePath);
      // Loaded here so that other commands start without the server's import graph.
      const { startNodeHost } = await import('@/hosts/node');
      const { resolveLlmConfig } = await import('@/llm/resolve-llm-config');
      const host = await startNodeHost(config, log);
      const model = resolveLlmConfig({ env: io.env });
      const demo =
        fresh && flags.demo && io.env.IOFOLD_DEMO !== 'off' ? await seedDemo(io, host.deps) : null;
      const signIn = host.firstStartLoginUrl ? new URL(host.firstStartLoginUrl) : null;
      if (signIn && demo) {
        signIn.searchParams.set('workspace', demo.slug);
        signIn.searchParams.set('next', '/review');
      }
      io.out(
        [
          `iofold ${IOFOLD_VERSION} ready at ${host.url}`,
          `  database  ${config.databaseUrl ? 'libSQL server' : config.databasePath}${fresh ? ' (created)' : ''}`,
          `  secrets   ${host.secretKey.path ?? 'IOFOLD_SECRET_KEY'}${host.secretKey.created ? ' (created)' : ''}`,
          `  model     ${model.ok ? model.config.name : 'none: everything except LLM-generated evals works (docs/models.md)'}`,
          ...(demo
            ? [
                `  demo      ${demo.traces} traces (${demo.labelled} labelled) in workspace "${demo.name}"`,
              ]
            : []),
          ...(signIn
            ? [
                '',
                'First start: an owner and a "Default" workspace were created.',
                demo
                  ? `Open this one-time link (valid 24 h) to sign in and review the demo traces: ${signIn}`
                  : `Sign in (one-time link, valid 24 h): ${signIn}`,
                'A new link any time: npx iofold login',
                'Then create an API key in the dashboard or with: iofold keys create --name <name>',
              ]
            : [
                '',
                `Sign in: npx iofold login${config.dataDir === './.iofold' ? '' : ` --data-dir ${config.dataDir}`} prints a one-time link to this server (valid 24 h).`,
              ]),
          '',
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
      const forget = recordServerAddress(config.dataDir, host.url);
      const stop = () => {
        io.err('stopping\n');
        forget();
        void host.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  return command;
}

async function seedDemo(io: CliIo, deps: Deps) {
  const members = await deps.db.select({ id: users.id }).from(users);
  const { DEMO_WORKSPACE_NAME, DEMO_WORKSPACE_SLUG, seedDemoWorkspace } = await import(
    '@/demo/seed-demo-workspace'
  );
  const bar = createProgressBar(io, 'seeding the demo workspace');
  const seeded = await seedDemoWorkspace(
    deps,
    { memberUserIds: members.map((m) => m.id) },
    (done, total) => bar.update(done, total),
  );
  bar.finish(`seeded the demo workspace: ${seeded.traces} traces`);
  return { ...seeded, name: DEMO_WORKSPACE_NAME, slug: DEMO_WORKSPACE_SLUG };
}

function setIfGiven(env: Record<string, string | undefined>, key: string, value?: string) {
  if (value !== undefined) {
    env[key] = value;
  }
}

/** VALIDATION naming each `IOFOLD_LLM_CEILING_*` set to something that is not a number ≥ 0. */
function assertCeilingsReadable(env: Record<string, string | undefined>): void {
  const names = unreadableCeilings(env);
  if (names.length > 0) {
    throw new AppError(
      'VALIDATION',
      `${names.map((name) => `${name} is ${JSON.stringify(env[name])}`).join(', ')}: each model ceiling is a number ≥ 0 (docs/models.md); fix or unset it`,
    );
  }
}
