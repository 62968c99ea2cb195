/**
 * Sandbox fairness (issue #13) on the machine as it is: workspace B's trivial single-trace call
 * alone, and the same call made while workspace A has four calls of an eval that loops forever
 * queued on the same sandbox (two children, 1 s per trace, the set-up of
 * src/sandbox/fair-share.test.ts), rounds alternated. Standalone:
 * `flock /tmp/bench.lock npx tsx bench/sandbox/fairness.bench.ts`.
 */

import type { EvalView } from '@/core/eval-view';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { ratioSpread, spread } from '../lib/measure';
import { startBench } from '../lib/report';

const ROUNDS = 5;
const makeView = (traceId: string): EvalView => ({
  version: 1,
  trace_id: traceId,
  steps: [],
  messages: [],
  input: null,
  output: null,
  metadata: {},
});
const LOOP = 'def eval_loop(trace):\n    while True:\n        pass\n';
const TRIVIAL = 'def eval_ok(trace):\n    return True, trace["trace_id"]\n';
const bench = startBench(
  'sandbox-fairness',
  "Sandbox fairness: a workspace's trivial call alone vs while another runs four looping calls",
);

const sandbox = createPyodideSandbox({ poolSize: 2 });
await sandbox.check(LOOP);
await sandbox.check(TRIVIAL);

async function victim(round: number): Promise<number> {
  const t = performance.now();
  const r = await sandbox.runEval({
    code: TRIVIAL,
    traces: [makeView(`b${round}`)],
    workspaceId: 'ws-victim',
  });
  if (!r.ok || !r.outcomes[0]?.ok) {
    throw new Error(`B's call failed: ${JSON.stringify(r).slice(0, 300)}`);
  }
  return performance.now() - t;
}

await victim(-1); // B has a warm child, as a workspace that runs evals regularly
const alone: number[] = [];
const contended: number[] = [];
const attackerMs: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  await new Promise((resolve) => setTimeout(resolve, 3000)); // replacements and spares ready
  alone.push(await victim(round));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const t = performance.now();
  const loops = Array.from({ length: 4 }, (_, i) =>
    sandbox.runEval({
      code: LOOP,
      traces: [makeView(`a${i}-1`), makeView(`a${i}-2`)],
      workspaceId: 'ws-attacker',
      timeoutMsPerTrace: 1000,
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 100)); // A's calls are queued first
  contended.push(await victim(round));
  await Promise.all(loops);
  attackerMs.push(performance.now() - t);
}
await sandbox.close();
bench.figure({
  name: "B's trivial call, alone (B's child warm)",
  unit: 'ms',
  value: spread(alone),
});
bench.figure({
  name: "B's trivial call while A's four looping calls (2 traces each, 1 s per trace) are queued",
  unit: 'ms',
  value: spread(contended),
  ratio: { of: 'alone, same round', value: ratioSpread(contended, alone) },
});
bench.figure({
  name: "A's four looping calls, start to all done (for scale)",
  unit: 'ms',
  value: spread(attackerMs),
});
bench.note(
  'Two children (poolSize 2). A workspace gets at most half of the children while another waits, so B waits for the first child A gives back: a looping trace is killed at its 1 s limit, and B then takes a fresh spare or its own child. Measured at the sandbox port (the Node job slots in front of it are not in this figure).',
);
bench.done();
