import type { CliIo } from './cli-io';

/** `--json` prints the data as one JSON document; otherwise the human rendering. */
export function printResult(
  io: CliIo,
  json: boolean | undefined,
  data: unknown,
  human: () => string,
) {
  io.out(json ? `${JSON.stringify(data, null, 2)}\n` : human());
}

/** Adds an "Examples:" section to a command's `--help`. */
export function examplesText(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}
