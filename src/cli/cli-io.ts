/** Where a CLI run reads its environment and writes its output; tests pass their own. */
export type CliIo = {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** stderr is a terminal: progress bars redraw in place instead of printing lines. */
  interactive: boolean;
  /** Asks a person and answers what they typed; absent unless stdin and stderr are a terminal. */
  ask?(question: string): Promise<string>;
};

/**
 * A reader that stops early (`iofold traces list | head`) closes the pipe: exit quietly, as Unix
 * tools do, instead of crashing on EPIPE with a stack trace.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      throw error;
    }
    process.exit(0);
  });
}

async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

export function processIo(): CliIo {
  exitQuietlyOnClosedPipe(process.stdout);
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    interactive: Boolean(process.stderr.isTTY),
    ...(process.stdin.isTTY && process.stderr.isTTY ? { ask: askOnTerminal } : {}),
  };
}
