import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { notRunMessage, TIMEOUTS_IN_A_ROW_STOP } from '@/core/ports/sandbox';
import { evalExecutions } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { classifyJobError } from '@/jobs/classify-job-error';
import { startJobWorker } from '@/jobs/start-job-worker';
import { runQueuedJob } from '@/jobs/testing';
import { SANDBOX_LIMITS } from '@/sandbox/limits';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { addManualEval } from '../testing/add-active-eval';
import { seedAgentTraces } from '../testing/seed-agent-traces';
import { capOutput, FIRST_PAGE, type RunResume, runEvalVersion } from './run-eval-version';

// One child, so "in a row" is the order of the traces; a short per-trace limit keeps it quick.
const sandbox = createPyodideSandbox({ poolSize: 1, timeoutMsPerTrace: 500 });
const deps = createTestDeps({ sandbox });
let ctx: Ctx;
let agentId: string;

beforeAll(async () => {
  const ws = await createTestWorkspace(deps, 'A');
  ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 't' };
  ({ agentId } = await seedAgentTraces(
    ctx,
    Array.from({ length: 6 }, () => ({ label: 'positive' as const, toolNames: ['lookup'] })),
  ));
});
afterAll(async () => {
  await sandbox.close();
  deps.close();
});

/** Adds the hand-written eval `code` (a `def eval_…(trace):` first), named after its function. */
const addEval = (code: string) =>
  addManualEval(ctx, agentId, code.slice('def '.length, code.indexOf('(')), code);
/** The rows a run stored for the eval, one per trace. */
const executionsOf = (evalId: string) =>
  deps.db.select().from(evalExecutions).where(eq(evalExecutions.evalId, evalId));

describe('runEvalVersion with an eval that never returns', () => {
  it('stops after 3 timeouts in a row, keeps what ran and fails without a retry', async () => {
    const target = await addEval('def eval_loops(trace):\n    while True:\n        pass\n');
    const thrown = await runEvalVersion(ctx, { evalId: target.id }).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: TIMEOUTS_IN_A_ROW_STOP });
    expect(classifyJobError(thrown)).toMatchObject({
      message: 'timed out on 3 traces in a row; stopped',
      retryable: false,
    });
    expect(storedVerdicts(await executionsOf(target.id))).toEqual(STOPPED_VERDICTS);
  }, 90_000); // three real 5 s sandbox timeouts: 15 s of wall clock on an idle machine

  it('as a job: every trace has its verdict, the not-run ones TIMEOUT "not run" (#13 probes3 F5)', async () => {
    const target = await addEval('def eval_spins(trace):\n    while True:\n        pass\n');
    const worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
    try {
      const job = await runQueuedJob(
        deps,
        { type: 'eval.execute', workspaceId: ctx.workspaceId, payload: { evalId: target.id } },
        90_000,
      );
      expect(job).toMatchObject({
        status: 'failed',
        error: { code: 'LIMIT_EXCEEDED', message: TIMEOUTS_IN_A_ROW_STOP },
        progress: { done: 6, total: 6 },
      });
    } finally {
      await worker.stop(1000);
    }
    expect(storedVerdicts(await executionsOf(target.id))).toEqual(STOPPED_VERDICTS);
  }, 90_000);
});

/** Three traces timed out, then the rest of the six were not run: each has its verdict. */
const STOPPED_VERDICTS = [
  ...Array.from({ length: 3 }, () => ['error', 'TIMEOUT', 'the eval did not finish within 500 ms']),
  ...Array.from({ length: 3 }, () => ['error', 'TIMEOUT', notRunMessage(TIMEOUTS_IN_A_ROW_STOP)]),
];
const storedVerdicts = (
  rows: { status: string; error: { code: string; message: string } | null }[],
) =>
  rows
    .map((r) => [r.status, r.error?.code, r.error?.message])
    .sort((a, b) => String(b[2]).localeCompare(String(a[2])));

describe('runEvalVersion stores captured output as the sandbox cut it', () => {
  it('keeps output under the cap whole and a longer one cut at the cap with its marker', async () => {
    const target = await addEval(
      'def eval_prints(trace):\n    print("y" * 12000 + "END")\n    print("z" * 8000)\n    return True, "printed"\n',
    );
    await runEvalVersion(ctx, { evalId: target.id });
    const stored = await executionsOf(target.id);
    const printed = `${'y'.repeat(12_000)}END\n${'z'.repeat(8000)}\n`;
    const cap = SANDBOX_LIMITS.outputChars;
    expect(stored.length).toBe(6);
    for (const row of stored) {
      expect(row.output).toBe(
        `${printed.slice(0, cap)}\n[output truncated: ${printed.length - cap} more characters]`,
      );
      expect(row.output).toContain('END');
    }
  });

  it('counts characters, not UTF-16 units: emoji output is cut at the cap with its marker (#13)', async () => {
    const target = await addEval(
      'def eval_emoji(trace):\n    print("\\U0001F600" * 20000)\n    return True, "done"\n',
    );
    await runEvalVersion(ctx, { evalId: target.id });
    const stored = await executionsOf(target.id);
    const cap = SANDBOX_LIMITS.outputChars;
    expect(stored.length).toBe(6);
    for (const row of stored) {
      expect(row.output).toBe(
        `${'\u{1F600}'.repeat(cap)}\n[output truncated: ${20_001 - cap} more characters]`,
      );
    }
  });

  it('cuts an output the sandbox did not cut at a code point, with the marker', () => {
    const cap = SANDBOX_LIMITS.outputChars;
    expect(capOutput(`a${'\u{1F600}'.repeat(cap + 100)}`)).toBe(
      `a${'\u{1F600}'.repeat(cap - 1)}\n[output truncated: 101 more characters]`,
    );
    const cut = `${'\u{1F600}'.repeat(cap)}\n[output truncated: 99 more characters]`;
    expect(capOutput(cut)).toBe(cut);
  });
});

describe('runEvalVersion that gives its job slot back between pages (#13 fairness)', () => {
  it('stops after a page when asked, and resuming judges each remaining trace once', async () => {
    const ws = await createTestWorkspace(deps, 'yield');
    const sent: string[] = [];
    const recording = {
      ...sandbox,
      runEval: (input: Parameters<typeof sandbox.runEval>[0]) => {
        sent.push(...input.traces.map((t) => String(t.trace_id)));
        return sandbox.runEval(input);
      },
    };
    const yctx: Ctx = { ...ctx, workspaceId: ws.id, sandbox: recording };
    const seeded = await seedAgentTraces(
      yctx,
      Array.from({ length: 2 * FIRST_PAGE + 3 }, (_, i) => ({
        label: 'positive' as const,
        toolNames: i % 2 ? ['lookup'] : [],
      })),
    );
    const target = await addManualEval(
      yctx,
      seeded.agentId,
      'eval_tools',
      'def eval_tools(trace):\n    return len(trace["steps"][0]["tool_calls"]) > 0, "tools"\n',
    );
    class GaveBack {
      constructor(readonly resume: RunResume) {}
    }
    const stops: RunResume[] = [];
    let resume: RunResume | undefined;
    let summary: Awaited<ReturnType<typeof runEvalVersion>> | undefined;
    while (!summary) {
      const outcome = await runEvalVersion(
        yctx,
        { evalId: target.id, ...(resume ? { resume } : {}) },
        {
          shouldYield: async () => true,
          onYield: (at) => {
            throw new GaveBack(at);
          },
        },
      ).catch((thrown: unknown) => {
        if (!(thrown instanceof GaveBack)) {
          throw thrown;
        }
        stops.push(thrown.resume);
        resume = thrown.resume;
        return undefined;
      });
      summary = outcome;
      expect(stops.length).toBeLessThan(10);
    }
    // one page a claim: the first page of each run, then it gives the slot back
    const n = seeded.traceIds.length;
    const pageEnds = Array.from(
      { length: Math.ceil(n / FIRST_PAGE) - 1 },
      (_, i) => (i + 1) * FIRST_PAGE,
    );
    expect(stops.map((s) => s.done)).toEqual(pageEnds);
    expect(stops.map((s) => s.passed + s.failed)).toEqual(pageEnds);
    // every trace sent to the sandbox exactly once, page after page in the run's order (within a
    // page in whatever order the page's rows were read)
    const pages = (ids: string[]) =>
      Array.from({ length: Math.ceil(n / FIRST_PAGE) }, (_, i) =>
        ids.slice(i * FIRST_PAGE, (i + 1) * FIRST_PAGE).sort(),
      );
    expect(sent).toHaveLength(n);
    expect(pages(sent)).toEqual(pages(seeded.traceIds));
    const half = (n: number) => Math.floor(n / 2);
    expect(summary).toMatchObject({
      total: seeded.traceIds.length,
      passed: half(seeded.traceIds.length),
      failed: seeded.traceIds.length - half(seeded.traceIds.length),
      errors: 0,
    });
    expect(await executionsOf(target.id)).toHaveLength(seeded.traceIds.length);
  }, 90_000);
});
