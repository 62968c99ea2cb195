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
