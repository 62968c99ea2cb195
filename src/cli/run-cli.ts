import { Command, CommanderError, Help } from 'commander';
import { IOFOLD_VERSION } from '@/core/version';
import type { CliIo } from './cli-io';
import { COMMAND_INDEX, commandWordOf } from './command-index';
import { USAGE_EXIT_CODE } from './exit-codes';
import { examplesText } from './print-result';

/**
 * Extends zod with .openapi() before a lazily loaded command evaluates a schema: in the compiled
 * CLI, esbuild's chunks link `z` straight to zod's chunk and may evaluate a schema module before
 * the chunk holding @hono/zod-openapi's extension ("….openapi is not a function" in `keys create`).
 * Not at start-up: zod, hono and the extension are most of what `iofold --help` would load.
 */
async function extendZod(): Promise<void> {
  await import('@hono/zod-openapi');
}

/**
 * Builds the `iofold` command tree for one command line: the command it runs is loaded and
 * registered in full; every other top-level command is a stub that only lists itself in `--help`.
 */
async function createProgram(io: CliIo, argv: string[]): Promise<Command> {
  const stubTerms = new Map<Command, string>();
  const program = new Command('iofold')
    .version(IOFOLD_VERSION)
    .description('iofold: turn human labels on agent traces into executable eval functions')
    .option('--verbose', 'print stack traces and debug logs')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .configureHelp({
      subcommandTerm: (command) =>
        stubTerms.get(command) ?? Help.prototype.subcommandTerm.call(new Help(), command),
    })
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
  const wanted = commandWordOf(argv);
  for (const entry of COMMAND_INDEX) {
    if (entry.name === wanted) {
      await extendZod();
      (await entry.load())(program, io);
    } else {
      stubTerms.set(program.command(entry.name).description(entry.description), entry.term);
    }
  }
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
  const program = await createProgram(io, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    // Loaded on failure only: it pulls in zod, which `--help` and `--version` do not need.
    await extendZod();
    const { reportError } = await import('./report-error');
    return reportError(io, error, Boolean(program.opts().verbose) || argv.includes('--verbose'));
  }
}
