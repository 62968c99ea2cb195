// The plain Pyodide baseline's own process (bench/sandbox/plain-pyodide.ts starts it): one
// warm Pyodide instance with the eval module loaded once, no isolation, no reset, no static check.
// IPC in: {id, bytes} (a batch in the marshal format the sandbox's host sends, from
// src/sandbox/marshal-batch.node.ts); IPC out: {id, passed, ms} with ms timed inside this process
// (marshal.loads of the bytes + the eval loop), like native python3's figure.
import { loadPyodide } from 'pyodide';

const [code, fnName] = JSON.parse(process.argv[2] ?? '[]');
const HARNESS = `
import marshal
def _iofold_bench_batch(data):
    passed = 0
    for trace in marshal.loads(data.to_bytes()):
        ok, reason = FN(trace)
        passed += bool(ok)
    return passed
`;
const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
py.runPython(`${code}\nFN = ${fnName}\n${HARNESS}`);
const run = py.globals.get('_iofold_bench_batch');
process.on('message', (m) => {
  const t = performance.now();
  const passed = run(m.bytes);
  process.send({ id: m.id, passed, ms: performance.now() - t });
});
process.send({ ready: true });
