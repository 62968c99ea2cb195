import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';

const sb = createPyodideSandbox({ poolSize: 1 });
await sb.status();
const tr = (id: string) => ({
  version: 1 as const,
  trace_id: id,
  steps: [],
  messages: [],
  input: null,
  output: null,
  metadata: {},
});
const t = performance.now();
const r = await sb.runEval({
  code: `def eval_a(t):\n    def f(n):\n        return f(n + 1)\n    return True, str(f(0))\n`,
  traces: [tr('a')],
  timeoutMsPerTrace: 20000,
});
console.log((performance.now() - t).toFixed(0), JSON.stringify(r).slice(0, 600));
await sb.close();
