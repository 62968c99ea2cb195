import { EVAL_VIEW_VERSION } from '@/core/eval-view';
import type { Sandbox } from '@/core/ports/sandbox';
import { type ToolResult, toolError, toolResult } from '../call/tool-result';

/** Per-call limit of a function tool (the eval limit: small, pure code). */
export const FUNCTION_TOOL_TIMEOUT_MS = 5000;

const ENTRY = 'eval_iofold_function_tool';

/**
 * A function tool's code as one sandbox eval: the user's `def <name>(**arguments)` and an entry
 * that calls it with the call's arguments (the view's `input`) and returns its result as text
 * (JSON unless it is a string). The user's lines keep their numbers in error messages.
 */
export function functionToolProgram(name: string, code: string): string {
  return `${code}


def ${ENTRY}(trace):
    import json as iofold_json
    result = ${name}(**trace["input"])
    return (True, result if isinstance(result, str) else iofold_json.dumps(result))
`;
}

/**
 * Runs a function tool in the sandbox (the eval sandbox's limits: no network, files or
 * processes; results longer than its reason cap are cut with a marker). A raise, a timeout or
 * an unusable result is a tool error, never a throw.
 */
export async function runFunctionTool(
  ctx: { sandbox: Sandbox; workspaceId: string },
  fn: { name: string; code: string },
  args: unknown,
): Promise<ToolResult> {
  const run = await ctx.sandbox.runEval({
    code: functionToolProgram(fn.name, fn.code),
    workspaceId: ctx.workspaceId,
    timeoutMsPerTrace: FUNCTION_TOOL_TIMEOUT_MS,
    traces: [
      {
        version: EVAL_VIEW_VERSION,
        trace_id: fn.name,
        steps: [],
        messages: [],
        input: args ?? {},
        output: null,
        metadata: {},
      },
    ],
  });
  if (!run.ok) {
    return toolError(`function ${fn.name}: ${run.error.message}`);
  }
  const [outcome] = run.outcomes;
  if (!outcome) {
    return toolError(`function ${fn.name}: no result`);
  }
  return outcome.ok
    ? toolResult(outcome.reason, false)
    : toolError(`function ${fn.name}: ${outcome.error.message}`);
}
