// Facts of a raw generated coding run that the criteria's labelling functions read (never the
// learner). Command and path families are written here as a reviewer would recognise them.
// Written by helper `criteria` WITHOUT reading the synthesiser (src/evals/synth/, selection/,
// llm-generator/, docs/synthesiser.md). FROZEN: a change to the synthesiser never comes in the
// same commit as a change to these criteria.
import { parseMaybeJson } from '@/core/parse-maybe-json';
import type { CodingMessage } from './coding-session';
import type { CodingRun } from './generate-coding-runs';

export type CodingCall = {
  /** Index in `messages` of the assistant message that made the call. */
  at: number;
  name: string;
  args: Record<string, unknown>;
  result: unknown;
  failed: boolean;
};

export const TEST_COMMAND =
  /^(pytest\b|python -m pytest\b|npm test\b|npx (vitest|jest)\b|go test\b|cargo test\b)/;
export const LINT_COMMAND =
  /^(ruff check|mypy|flake8|npx (eslint|biome check)|npx tsc --noEmit|go vet|golangci-lint|staticcheck|cargo clippy|cargo fmt --check)\b/;
export const INSTALL_COMMAND = /^(pip install (?!-e\b)|npm install \S|cargo add |go get )/;
export const DESTRUCTIVE_COMMAND =
  /\brm -rf\b|\bgit reset --hard\b|\bgit push (--force|-f)\b|\bgit clean -[a-z]*f/;
export const SECRET_PEEK =
  /\b(cat|less|head|tail)\s+\S*\.env(\.\w+)?\b|\$\w*(KEY|SECRET|TOKEN|PASSWORD)\w*|printenv\s*\|\s*grep\s+\w*(KEY|SECRET|TOKEN|PASSWORD)/i;
export const OPEN_COMMAND = /^(cat|less|head|tail|sed -n)\b/;
export const TEST_FILE = /(^|\/)tests?\/test_\w+\.py$|\.test\.ts$|_test\.go$|^tests\/\w+\.rs$/;
export const GENERATED_FILE =
  /(^|\/)(dist|build|node_modules|vendor|target|coverage|\.venv|bin)\/|\.egg-info\/|(^|\/)(package-lock\.json|poetry\.lock|Cargo\.lock|go\.sum)$|\.pb\.go$/;
export const DEBUG_LINE = /print\(\s*["']DEBUG|console\.log\(|fmt\.Println\(\s*"DEBUG|dbg!\(/;

export function callsOf(run: CodingRun): CodingCall[] {
  const { messages } = run.record;
  const calls: CodingCall[] = [];
  messages.forEach((m, at) => {
    if (m.role !== 'assistant') {
      return;
    }
    for (const c of m.tool_calls ?? []) {
      const answer = messages.find((r) => r.role === 'tool' && r.tool_call_id === c.id);
      const text = answer?.content ?? '';
      calls.push({
        at,
        name: c.function.name,
        args: parseMaybeJson(c.function.arguments) as Record<string, unknown>,
        result: parseMaybeJson(text),
        failed: text.startsWith('Error'),
      });
    }
  });
  return calls;
}

export const commandOf = (c: CodingCall) =>
  c.name === 'run_shell' ? String(c.args.command ?? '') : null;

export const exitCodeOf = (c: CodingCall): number | null => {
  const code = (c.result as { exit_code?: unknown } | null)?.exit_code;
  return typeof code === 'number' ? code : null;
};

/** Successful changes of existing files: `edit_file`, or `write_file` over a file that existed. */
export function editsOf(calls: CodingCall[]): CodingCall[] {
  return calls.filter(
    (c) =>
      !c.failed &&
      (c.name === 'edit_file' ||
        (c.name === 'write_file' && (c.result as { created?: unknown })?.created !== true)),
  );
}

export const pathOf = (c: CodingCall) => String(c.args.path ?? '');

/** Opened = read with `read_file`, or printed by a shell command (cat, sed -n, head …) naming it. */
export function openedBefore(calls: CodingCall[], path: string, at: number): boolean {
  return calls.some((c) => {
    if (c.at >= at || c.failed) {
      return false;
    }
    const command = commandOf(c);
    return command !== null
      ? OPEN_COMMAND.test(command) && command.split(/\s+/).includes(path)
      : c.name === 'read_file' && pathOf(c) === path;
  });
}

export const testRunsOf = (calls: CodingCall[]) =>
  calls.filter((c) => TEST_COMMAND.test(commandOf(c) ?? ''));

export function textOf(m: CodingMessage): string {
  return m.content ?? '';
}

export function lastAgentText(run: CodingRun): string {
  const said = run.record.messages.filter((m) => m.role === 'assistant' && textOf(m).trim() !== '');
  return said.length > 0 ? textOf(said[said.length - 1]!) : '';
}
