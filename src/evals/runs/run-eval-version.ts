import { z } from '@hono/zod-openapi';
import { and, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import {
  notRunMessage,
  TIMEOUTS_IN_A_ROW_LIMIT,
  TIMEOUTS_IN_A_ROW_STOP,
  type TraceOutcome,
} from '@/core/ports/sandbox';
import { service } from '@/core/service';
import { chunkRows, maxParamsOf } from '@/db/chunk';
import { selectInWorkspace } from '@/db/in-workspace';
import { evalExecutions, type NewEvalExecution, traces } from '@/db/schema';
import { excludedSet } from '@/db/upsert-rows';
import { writeBatch } from '@/db/write-batch';
import { EvalRunResume } from '@/jobs/contracts';
import { SANDBOX_LIMITS } from '@/sandbox/limits';
import { readEvalView } from '@/traces/stored-eval-view';
import type { BridgeUsage } from '../bridge/bridge-settings';
import { knownAnswers } from '../bridge/known-answers';
import { type BridgeOptions, loadEvalBridge } from '../bridge/load-eval-bridge';
import { keyTag, toExecutionQuestions } from '../bridge/question-keys';
import { runWithBridge } from '../bridge/run-with-bridge';
import { agentTraceFilters, getEvalOrThrow, traceWindowFields } from '../internal';
import { refreshPromptCoverage } from './refresh-prompt-coverage';

const RunEvalVersionInput = z.object({
  evalId: z.string().min(1),
  /** Only these traces (of the eval's agent); default: every trace of the agent. */
  traceIds: z.array(z.string()).max(100_000).optional(),
  ...traceWindowFields,
  onlyLabelled: z.boolean().optional(),
  /** Only traces this version has no verdict on yet (what activation runs). */
  onlyNotRun: z.boolean().optional(),
  jobId: z.string().optional(),
  /** Where a run that gave its job slot back stopped (RunHooks.onYield): it goes on from there. */
  resume: EvalRunResume.optional(),
});
export type RunEvalVersionInput = z.input<typeof RunEvalVersionInput>;

export type RunEvalSummary = {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  /** For an eval that asks a model: calls made, cache hits, tokens and cost of this run. */
  model?: BridgeUsage & { model: string };
};

/** Where a run stopped when it gave its job slot back (the schema lives with the job payloads). */
export type RunResume = z.infer<typeof EvalRunResume>;

export type RunHooks = {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** Limits of the model bridge (defaults in bridge-settings.ts); tests pass a provider. */
  bridge?: Omit<BridgeOptions, 'model'>;
  /**
   * Asked between pages once a page ran in this call (a job: another workspace waits for the
   * slot); with it, pages are sized to take about PAGE_TARGET_MS each. When it answers true the
   * run calls `onYield` with where it stopped, which must not return (a job throws JobYield).
   */
  shouldYield?(): Promise<boolean>;
  onYield?(resume: RunResume): never;
};

/** With yielding, the first page's traces, and the time a page aims at (later pages adapt). */
export const FIRST_PAGE = 2;
export const PAGE_TARGET_MS = 5000;

/** The next page's size: about PAGE_TARGET_MS at the last page's pace, within [1, max]. */
export function nextPageSize(last: number, lastMs: number, max: number): number {
  const fit = Math.floor((last * PAGE_TARGET_MS) / Math.max(1, lastMs));
  return Math.max(1, Math.min(max, fit));
}

/**
 * Runs one eval version over an agent's traces in sandbox batches and stores one execution per
 * trace (a re-run replaces the earlier verdict). A sandbox failure of one trace is its outcome.
 */
export const runEvalVersion = service(
  RunEvalVersionInput,
  async (ctx, data, hooks: RunHooks = {}): Promise<RunEvalSummary> => {
    const target = await getEvalOrThrow(ctx, data.evalId);
    const filters = agentTraceFilters(ctx, target.agentId, data);
    if (data.onlyLabelled) {
      filters.push(sql`${traces.label} is not null`);
    }
    if (data.onlyNotRun) {
      filters.push(
        sql`not exists (select 1 from ${evalExecutions} where ${evalExecutions.workspaceId} = ${ctx.workspaceId} and ${evalExecutions.evalId} = ${target.id} and ${evalExecutions.traceId} = ${traces.id})`,
      );
    }
    const only = data.traceIds ? new Set(data.traceIds) : null;
    const after = data.resume;
    const ids = (
      await ctx.db
        .select({ id: traces.id, startedAt: traces.startedAt })
        .from(traces)
        .where(and(...filters))
        .orderBy(traces.startedAt, traces.id)
    )
      .filter((r) => !only || only.has(r.id))
      .filter((r) => !after || isAfter(r, after));

    const done = after?.done ?? 0;
    const summary: RunEvalSummary = {
      total: done + ids.length,
      passed: after?.passed ?? 0,
      failed: after?.failed ?? 0,
      errors: after?.errors ?? 0,
    };
    const bridge = ids.length > 0 ? await loadEvalBridge(ctx, target, hooks.bridge) : null;
    if (bridge) {
      addUsage(bridge.usage, after?.usage);
      summary.model = Object.assign(bridge.usage, { model: bridge.model });
    }
    let timeouts = after?.timeoutsInARow ?? 0;
    // a page's ids are bound with the workspace, the eval and the key tag: 97 a page on D1
    const maxPage = Math.min(200, maxParamsOf(ctx.db) - 3);
    const yielding = hooks.shouldYield && hooks.onYield ? hooks.onYield : null;
    let page = yielding ? Math.min(FIRST_PAGE, maxPage) : maxPage;
    let pageStarted = 0;
    for (let start = 0; start < ids.length; start += page) {
      if (hooks.signal?.aborted) {
        throw new AppError('PRECONDITION_FAILED', 'the run was cancelled');
      }
      const last = ids[start - 1];
      if (yielding && last && (await hooks.shouldYield?.())) {
        yielding({
          afterStartedAt: last.startedAt.getTime(),
          afterId: last.id,
          done: done + start,
          passed: summary.passed,
          failed: summary.failed,
          errors: summary.errors,
          timeoutsInARow: timeouts,
          ...(bridge ? { usage: usageOf(bridge.usage) } : {}),
        });
      }
      if (yielding && last) {
        page = nextPageSize(page, performance.now() - pageStarted, maxPage);
      }
      pageStarted = performance.now();
      const pageIds = ids.slice(start, start + page).map((r) => r.id);
      const ran = await runPage(ctx, target, bridge, pageIds, timeouts, {
        signal: hooks.signal,
        jobId: data.jobId,
      });
      timeouts = ran.timeoutsInARow;
      for (const row of ran.rows) {
        summary[row.status === 'pass' ? 'passed' : row.status === 'fail' ? 'failed' : 'errors']++;
      }
      if (ran.stopped) {
        const rest = ids.slice(start + page).map((r) => r.id);
        await storeNotRun(ctx, target.id, rest, ran.stopped, data.jobId);
        summary.errors += rest.length;
        hooks.onProgress?.(summary.total, summary.total); // every trace has its verdict, "not run" too
        throw new AppError('LIMIT_EXCEEDED', ran.stopped, { details: { retryable: false } });
      }
      hooks.onProgress?.(done + Math.min(start + page, ids.length), summary.total);
    }
    await refreshPromptCoverage(ctx, target.id);
    return summary;
  },
);
type EvalTarget = Awaited<ReturnType<typeof getEvalOrThrow>>;
type EvalBridge = Awaited<ReturnType<typeof loadEvalBridge>>;

/** (started_at, id) strictly after where the run stopped: the order the run goes in. */
function isAfter(row: { id: string; startedAt: Date }, resume: RunResume): boolean {
  const at = row.startedAt.getTime();
  return at > resume.afterStartedAt || (at === resume.afterStartedAt && row.id > resume.afterId);
}

const USAGE_KEYS = ['calls', 'cacheHits', 'inputTokens', 'outputTokens', 'costUsd'] as const;

function addUsage(usage: BridgeUsage, earlier: BridgeUsage | undefined) {
  for (const key of USAGE_KEYS) {
    usage[key] += earlier?.[key] ?? 0;
  }
}

function usageOf(usage: BridgeUsage): BridgeUsage {
  return Object.fromEntries(USAGE_KEYS.map((key) => [key, usage[key]])) as BridgeUsage;
}

/** Runs one page of traces in the sandbox and stores an execution per trace that ran. */
async function runPage(
  ctx: Ctx,
  target: EvalTarget,
  bridge: EvalBridge | null,
  pageIds: string[],
  timeoutsBefore: number,
  options: { signal?: AbortSignal; jobId?: string },
) {
  const views = await selectInWorkspace(ctx, traces, { id: traces.id, view: traces.evalView }, [
    inArray(traces.id, pageIds),
  ]);
  const known = bridge ? await knownAnswers(ctx, bridge, target.id, pageIds) : undefined;
  const result = await runWithBridge(
    ctx.sandbox,
    {
      code: target.code,
      traces: await Promise.all(
        views.map(async (v) => ({ ...(await readEvalView(v.view, ctx.db)), trace_id: v.id })),
      ),
      workspaceId: ctx.workspaceId,
      signal: options.signal,
      ...(known ? { answers: known.answers } : {}),
    },
    bridge,
  );
  if (!result.ok) {
    throw new AppError(
      'UNAVAILABLE',
      `the sandbox could not run ${target.name}: ${result.error.message}`,
      {
        details: { retryable: result.error.retryable, code: result.error.code },
      },
    );
  }
  const ran = ranOutcomes(result.outcomes, result.stopped, timeoutsBefore);
  const tag = bridge ? await keyTag(bridge) : '';
  const rows = ran.outcomes.map((outcome, i) => ({
    ...toExecution(ctx, target.id, outcome, options.jobId),
    questions: bridge
      ? toExecutionQuestions(bridge, tag, known?.byTrace.get(outcome.traceId), result.asked?.[i])
      : null,
  }));
  await upsertExecutions(ctx, rows);
  return { rows, timeoutsInARow: ran.timeoutsInARow, stopped: ran.stopped };
}

/** Stores "not run" for the traces of the pages after a stop (they never reached the sandbox). */
async function storeNotRun(
  ctx: Ctx,
  evalId: string,
  traceIds: string[],
  stopped: string,
  jobId?: string,
): Promise<void> {
  if (traceIds.length === 0) {
    return;
  }
  const rows = notRunOutcomes(traceIds, stopped).map((o) => toExecution(ctx, evalId, o, jobId));
  await upsertExecutions(ctx, rows);
}

/**
 * Writes verdicts, one row per (eval, trace), replacing an earlier run's; a row whose `questions`
 * is null keeps the questions of the last run that asked any (nothing new was asked).
 */
async function upsertExecutions(
  ctx: Ctx,
  rows: (typeof evalExecutions.$inferInsert)[],
): Promise<void> {
  const writes = chunkRows(ctx.db, rows, evalExecutions).map((chunk) =>
    ctx.db
      .insert(evalExecutions)
      .values(chunk)
      .onConflictDoUpdate({
        target: [evalExecutions.evalId, evalExecutions.traceId],
        set: {
          ...excludedSet(evalExecutions, [
            'status',
            'reason',
            'error',
            'durationMs',
            'output',
            'jobId',
            'executedAt',
          ]),
          questions: sql`coalesce(excluded.questions, ${evalExecutions.questions})`,
        },
      }),
  );
  await writeBatch(ctx.db, writes);
}

/**
 * The outcomes to store, one per trace of the page: those of traces that ran, up to the third
 * timeout in a row (counted across pages too); after it, each trace is TIMEOUT "not run: ..." as
 * the contract says, whatever the sandbox did with it. `stopped` says why the run ends there.
 */
function ranOutcomes(
  outcomes: TraceOutcome[],
  stopped: string | undefined,
  timeoutsBefore: number,
) {
  const notRun = stopped ? notRunMessage(stopped) : null;
  const kept: TraceOutcome[] = [];
  let timeoutsInARow = timeoutsBefore;
  for (const [i, outcome] of outcomes.entries()) {
    if (!outcome.ok && outcome.error.message === notRun) {
      kept.push(
        ...notRunOutcomes(
          outcomes.slice(i).map((o) => o.traceId),
          stopped ?? '',
        ),
      );
      break;
    }
    kept.push(outcome);
    timeoutsInARow = !outcome.ok && outcome.error.code === 'TIMEOUT' ? timeoutsInARow + 1 : 0;
    if (timeoutsInARow >= TIMEOUTS_IN_A_ROW_LIMIT) {
      const rest = outcomes.slice(i + 1).map((o) => o.traceId);
      kept.push(...notRunOutcomes(rest, TIMEOUTS_IN_A_ROW_STOP));
      return { outcomes: kept, timeoutsInARow, stopped: TIMEOUTS_IN_A_ROW_STOP };
    }
  }
  return { outcomes: kept, timeoutsInARow, stopped: notRun ? stopped : undefined };
}

/** The outcome of each trace a stopped run did not run (it has a verdict, as the contract says). */
function notRunOutcomes(traceIds: string[], stopped: string): TraceOutcome[] {
  return traceIds.map((traceId) => ({
    traceId,
    ok: false,
    error: { code: 'TIMEOUT', message: notRunMessage(stopped), retryable: false },
    durationMs: 0,
    output: '',
  }));
}

/** Room for the sandbox's "[output truncated: N more characters]" line after the cap. */
const MARKER_ROOM = 64;

/**
 * The output as stored: the sandbox already cut it at SANDBOX_LIMITS.outputChars characters (code
 * points, as Python counts them) and said so; that is kept whole, marker included. Only an output
 * longer than that (a sandbox that did not cut it) is cut here, at a code point, with the marker.
 * A JavaScript length counts UTF-16 units, two per emoji: cutting by it dropped the marker (#13).
 */
export function capOutput(output: string): string {
  const cap = SANDBOX_LIMITS.outputChars;
  if (output.length <= cap + MARKER_ROOM) {
    return output;
  }
  const points = Array.from(output);
  if (points.length <= cap + MARKER_ROOM) {
    return output;
  }
  return `${points.slice(0, cap).join('')}\n[output truncated: ${points.length - cap} more characters]`;
}

function toExecution(
  ctx: Ctx,
  evalId: string,
  outcome: TraceOutcome,
  jobId?: string,
): NewEvalExecution {
  const base = {
    id: ctx.newId('exe'),
    workspaceId: ctx.workspaceId,
    evalId,
    traceId: outcome.traceId,
    durationMs: Math.round(outcome.durationMs),
    output: capOutput(outcome.output),
    jobId: jobId ?? null,
    executedAt: ctx.now(),
  };
  if (outcome.ok) {
    return {
      ...base,
      status: outcome.passed ? 'pass' : 'fail',
      reason: outcome.reason,
      error: null,
    };
  }
  const { code, message, traceback } = outcome.error;
  return {
    ...base,
    status: 'error',
    reason: '',
    error: { code, message, ...(traceback ? { traceback } : {}) },
  };
}
