import { z } from '@hono/zod-openapi';
import { isAppError } from '@/core/errors';
import type { CliIo } from './cli-io';
import { EXIT_CODES } from './exit-codes';

/** Prints one line (the stack only with `--verbose`) and returns the exit code for the error. */
export function reportError(io: CliIo, error: unknown, verbose: boolean): number {
  if (isAppError(error)) {
    io.err(`error: ${error.message} (${error.code})\n`);
    if (verbose && error.details !== undefined) {
      io.err(`${JSON.stringify(error.details, null, 2)}\n`);
    }
    printStack(io, error, verbose);
    return EXIT_CODES[error.code];
  }
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    io.err(`error: ${where}${first?.message ?? 'invalid input'} (VALIDATION)\n`);
    printStack(io, error, verbose);
    return EXIT_CODES.VALIDATION;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`error: ${message.split('\n')[0]}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  printStack(io, error, verbose);
  return EXIT_CODES.INTERNAL;
}

function printStack(io: CliIo, error: unknown, verbose: boolean) {
  if (verbose && error instanceof Error && error.stack) {
    io.err(`${error.stack}\n`);
  }
}
