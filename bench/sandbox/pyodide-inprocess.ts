/**
 * The fastest honest Pyodide run of an eval: one warm Pyodide instance in this process, the eval
 * module loaded once, no child process, no isolation, no reset, no static check, no per-trace
 * results. What is left is the WebAssembly interpreter's own cost (json.loads of the batch's bytes
 * and the eval loop), so "sandbox minus this" is what the isolation and the process boundary add.
 */
import { loadPyodide } from 'pyodide';

const HARNESS = `
import json
def _iofold_bench_batch(data):
    passed = 0
    for trace in json.loads(data.to_bytes()):
        ok, reason = FN(trace)
        passed += bool(ok)
    return passed
`;

export type InProcessPyodide = {
  /** Runs the eval over a batch of JSON bytes; returns how many traces passed. */
  batch(bytes: Uint8Array): number;
  close(): void;
};

export async function inProcessPyodide(code: string, fnName: string): Promise<InProcessPyodide> {
  const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
  py.runPython(`${code}\nFN = ${fnName}\n${HARNESS}`);
  const run = py.globals.get('_iofold_bench_batch') as ((b: unknown) => number) & {
    destroy(): void;
  };
  return {
    batch: (bytes) => run(bytes),
    close: () => run.destroy(),
  };
}
