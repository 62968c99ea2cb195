/** Where a CLI run reads its environment and writes its output; tests pass their own. */
export type CliIo = {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** stderr is a terminal: progress bars redraw in place instead of printing lines. */
  interactive: boolean;
};

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    interactive: Boolean(process.stderr.isTTY),
  };
}
