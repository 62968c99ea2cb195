import { expect } from 'vitest';
import type { CliIo } from './cli-io';
import { runCli } from './run-cli';

/**
 * Runs the CLI with its output captured, in `env`; with `answer`, on a terminal that answers it to
 * a question (the question goes to stderr), else not on a terminal.
 */
export async function runCliCaptured(
  argv: string[],
  options: { env?: Record<string, string | undefined>; answer?: string } = {},
) {
  const { answer } = options;
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env: options.env ?? {},
    interactive: false,
    ...(answer === undefined
      ? {}
      : {
          ask: async (question: string) => {
            err += question;
            return answer;
          },
        }),
  };
  return { code: await runCli(argv, io), out, err };
}

/** Nothing listens on this port: a command that went over HTTP to it fails. */
export const DEAD_URL = 'http://127.0.0.1:9';

/** Runs the CLI with IOFOLD_URL exported at `DEAD_URL`. */
export const runCliWithDeadUrl = (...argv: string[]) =>
  runCliCaptured(argv, { env: { IOFOLD_URL: DEAD_URL } });

/** `command` with both --url and --data-dir `dataDir` fails, saying it takes one or the other. */
export async function expectUrlAndDataDirRefused(command: string[], dataDir: string) {
  const both = await runCliWithDeadUrl(...command, '--url', DEAD_URL, '--data-dir', dataDir);
  expect(both.code).not.toBe(0);
  expect(both.err).toContain('--url and a local database');
}
