import { spawnSync } from 'node:child_process';

import type { EvalView } from '@/core/eval-view';

export type PythonOutcome =
  | { ok: true; passed: boolean; reason: string }
  | { ok: false; error: string };

const RUNNER = `
import json, sys, traceback
job = json.loads(sys.stdin.read())
namespace = {"__name__": "eval_module"}
exec(compile(job["code"], "eval.py", "exec"), namespace)
fn = namespace[job["function"]]
out = []
for trace in job["traces"]:
    try:
        result = fn(trace)
        if (isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], bool)
                and isinstance(result[1], str)):
            out.append({"ok": True, "passed": result[0], "reason": result[1]})
        else:
            out.append({"ok": False, "error": "eval must return tuple[bool, str], got " + repr(result)[:200]})
    except Exception:
        out.append({"ok": False, "error": traceback.format_exc(limit=3)})
sys.stdout.write(json.dumps(out))
`;

/** Why native python3 cannot be used here, or null when it can. */
export function pythonUnavailableReason(): string | null {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2] >= (3, 9))'], {
    encoding: 'utf8',
  });
  if (probe.error) {
    return `python3 not runnable: ${probe.error.message}`;
  }
  return probe.stdout.trim() === 'True' ? null : 'python3 is older than 3.9';
}

/**
 * Runs an eval module with the machine's native python3: a test stand-in for the sandbox,
 * with no isolation. `functionName` defaults to the first `def eval_...` in the code.
 */
export function runPythonEval(
  code: string,
  traces: EvalView[],
  functionName?: string,
): PythonOutcome[] {
  const name = functionName ?? /^def (eval_\w+)\(/m.exec(code)?.[1];
  if (!name) {
    throw new Error('no eval_ function found in the code');
  }
  const result = spawnSync('python3', ['-c', RUNNER], {
    input: JSON.stringify({ code, function: name, traces }),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`python3 failed (${result.status}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as PythonOutcome[];
}
