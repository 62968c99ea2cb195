import { Command, CommanderError } from 'commander';
import { IOFOLD_VERSION } from '@/core/version';
import type { CliIo } from './cli-io';
import { registerDbCommand } from './commands/db-command';
import { registerDemoCommand } from './commands/demo-command';
import { registerEvalsCommand } from './commands/evals-command';
import { registerImportCommand } from './commands/import-command';
import { registerJobsCommand } from './commands/jobs-command';
import { registerKeysCommand } from './commands/keys-command';
import { registerLabelCommand } from './commands/label-command';
import { registerLoginCommand } from './commands/login-command';
import { registerSandboxCommand } from './commands/sandbox-command';
import { registerServeCommand } from './commands/serve-command';
import { registerTracesCommand } from './commands/traces-command';
import { registerWorkspacesCommand } from './commands/workspaces-command';
import { USAGE_EXIT_CODE } from './exit-codes';
import { examplesText } from './print-result';
import { reportError } from './report-error';

/** Builds the `iofold` command tree; each command writes through `io`. */
function createProgram(io: CliIo): Command {
  const program = new Command('iofold')
    .version(IOFOLD_VERSION)
    .description('iofold: turn human labels on agent traces into executable eval functions')
    .option('--verbose', 'print stack traces and debug logs')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .addHelpText(
      'after',
      examplesText([
        'npm start                 # same as: iofold serve',
        'iofold serve --port 9000',
        'iofold traces list --workspace demo --label none',
        'iofold label TRACE_ID bad --note "no confirmation" --workspace demo',
        'iofold jobs watch --workspace demo',
        'iofold traces list --url https://iofold.example.com --key sk-if-…',
        'iofold login --workspace demo --next /review',
      ]),
    );
  registerServeCommand(program, io);
  registerDbCommand(program, io);
  registerDemoCommand(program, io);
  registerImportCommand(program, io);
  registerTracesCommand(program, io);
  registerLabelCommand(program, io);
  registerJobsCommand(program, io);
  registerEvalsCommand(program, io);
  registerSandboxCommand(program, io);
  registerKeysCommand(program, io);
  registerLoginCommand(program, io);
  registerWorkspacesCommand(program, io);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    }
  }
  return program;
}

/** Runs one command line and answers its exit code; never calls `process.exit`. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    return reportError(io, error, Boolean(program.opts().verbose) || argv.includes('--verbose'));
  }
}
