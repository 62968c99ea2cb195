/**
 * Evals that ask a model (issue #25), over 1,000 support conversations in a real SQLite file and
 * the Pyodide sandbox, the model being the local mock server (OpenAI protocol):
 *
 * - cached re-run: `runEvalVersion` of a hybrid eval (the last reply, one `judge` question) whose
 *   every answer is already cached, against a pure-code eval of the same shape (the last reply,
 *   then a substring test where the judge call was) in the same rounds. The re-run makes no model
 *   call; the difference is the bridge's round trip and the cache lookups.
 * - first run: the same hybrid eval on 200 uncached traces with the model answering after
 *   MOCK_DELAY_MS (default 20), calls in parallel (concurrency 8, the default) against sequential
 *   calls (concurrency 1), the cache emptied before each.
 *
 * Both are timed in wall time and in CPU time of this process and its sandbox children (the
 * machine is shared: CPU time is what the work costs, wall time adds the wait for a core).
 *
 * `npx tsx bench/sandbox/judge.bench.ts` (BENCH_ROUNDS, default 5).
 */
import { createSystemCtx } from '@/core/system-ctx';
import { evalLlmCache } from '@/db/schema';
import { seedConversations } from '@/evals/bridge/testing/seed-conversations';
import { TONE_QUESTION, toneConversations, toneResponder } from '@/evals/bridge/testing/tone-set';
import { runEvalVersion } from '@/evals/runs/run-eval-version';
import { createEvalVersion } from '@/evals/versions/create-eval-version';
import { startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { interleave, ratioSpread, spread, timeMs, timeWallCpu } from '../lib/measure';
import { startBench } from '../lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DELAY_MS = Number(process.env.MOCK_DELAY_MS ?? 20);
const TRACES = 1_000;
const FIRST_RUN_TRACES = 200;
const bench = startBench(
  'judge',
  'Evals that ask a model: cached re-run and first-run concurrency',
);

const shape = (name: string, decide: string) => `def ${name}(trace):
    replies = [m["content"] for m in trace["messages"] if m["role"] == "assistant"]
    if not replies:
        return True, "no reply to judge"
    answer = ${decide}
    return answer == "no", f"does the last reply talk down: {answer}"
`;
const HYBRID = shape('eval_respectful', `judge(${JSON.stringify(TONE_QUESTION)}, replies[-1])`);
const PURE = shape('eval_respectful_code', `"yes" if "slowly" in replies[-1] else "no"`);

const dir = scratchDir('judge');
const deps = {
  ...openBenchDeps(dir.file('judge.db')),
  sandbox: createPyodideSandbox({ poolSize: 1 }),
};
const server = await startMockLlmServer({
  responder: (request) => ({ ...toneResponder(request), delayMs: DELAY_MS }),
});
try {
  const ctx = {
    ...createSystemCtx(deps, await insertWorkspace(deps)),
    llmEnv: {
      IOFOLD_LLM_PROVIDER: 'openai',
      IOFOLD_LLM_BASE_URL: server.baseUrlV1,
      IOFOLD_LLM_MODEL: 'gpt-4o-mini',
      IOFOLD_LLM_API_KEY: 'bench-key',
    },
  };
  // every reply distinct (a ticket number), so every trace asks its own question
  const conversations = toneConversations(TRACES).map((c, i) => ({
    ...c,
    reply: `${c.reply} Ticket ${i}.`,
  }));
  const { agentId, traceIds } = await seedConversations(ctx, conversations);
  const hybrid = await createEvalVersion(ctx, {
    agentId,
    name: 'eval_respectful',
    code: HYBRID,
    generator: 'manual',
  });
  const pure = await createEvalVersion(ctx, {
    agentId,
    name: 'eval_respectful_code',
    code: PURE,
    generator: 'manual',
  });

  const filled = await runEvalVersion(ctx, { evalId: hybrid.id });
  bench.note(
    `filling the cache: ${filled.model?.calls} calls, ${filled.errors} errors over ${filled.total} traces`,
  );
  const hits: number[] = [];
  const cpu = { hybrid: [] as number[], pure: [] as number[] };
  const measured = async (variant: keyof typeof cpu, run: () => Promise<unknown>) => {
    const { wallMs, cpuMs } = await timeWallCpu(run);
    cpu[variant].push(cpuMs);
    return wallMs;
  };
  const cached = await interleave(ROUNDS, {
    hybrid: () =>
      measured('hybrid', async () => {
        const run = await runEvalVersion(ctx, { evalId: hybrid.id });
        hits.push(run.model?.cacheHits ?? 0);
        if (run.model?.calls !== 0) {
          throw new Error(`a cached re-run made ${run.model?.calls} model calls`);
        }
      }),
    pure: () => measured('pure', () => runEvalVersion(ctx, { evalId: pure.id })),
  });
  bench.figure({
    name: `cached re-run of a hybrid eval, ${TRACES} traces (0 model calls, ${Math.min(...hits)} cache hits)`,
    unit: 'ms',
    value: spread(cached.hybrid),
    ratio: {
      of: 'pure-code eval of the same shape',
      value: ratioSpread(cached.hybrid, cached.pure),
    },
  });
  bench.figure({
    name: `pure-code eval of the same shape, ${TRACES} traces`,
    unit: 'ms',
    value: spread(cached.pure),
  });
  bench.figure({
    name: 'the cached re-run in CPU time (this process and its sandbox children)',
    unit: 'ms CPU',
    value: spread(cpu.hybrid),
    ratio: { of: 'the pure-code eval in CPU time', value: ratioSpread(cpu.hybrid, cpu.pure) },
  });
  bench.figure({
    name: 'the pure-code eval in CPU time',
    unit: 'ms CPU',
    value: spread(cpu.pure),
  });

  const some = traceIds.slice(0, FIRST_RUN_TRACES);
  const firstRun = (concurrency: number) => async () => {
    await deps.db.delete(evalLlmCache);
    const before = server.requests.length;
    const ms = await timeMs(() =>
      runEvalVersion(
        ctx,
        { evalId: hybrid.id, traceIds: some },
        { bridge: { settings: { concurrency } } },
      ),
    );
    if (server.requests.length - before !== FIRST_RUN_TRACES) {
      throw new Error(`expected ${FIRST_RUN_TRACES} calls, got ${server.requests.length - before}`);
    }
    return ms;
  };
  const first = await interleave(ROUNDS, { parallel: firstRun(8), sequential: firstRun(1) });
  bench.figure({
    name: `first run, ${FIRST_RUN_TRACES} traces, model answering in ${DELAY_MS} ms, 8 calls at once`,
    unit: 'ms',
    value: spread(first.parallel),
    ratio: {
      of: 'the same calls one at a time',
      value: ratioSpread(first.parallel, first.sequential),
    },
  });
  bench.figure({
    name: `first run, ${FIRST_RUN_TRACES} traces, one call at a time`,
    unit: 'ms',
    value: spread(first.sequential),
  });
} finally {
  await server.close();
  await deps.sandbox.close();
  deps.close();
  dir.remove();
}
bench.done();
