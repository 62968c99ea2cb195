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
import { chunkRows, maxParamsOf } from '@/db/chunk';
import { inWorkspace } from '@/db/in-workspace';
import { evalExecutions, type NewEvalExecution, traces } from '@/db/schema';
import { excludedSet } from '@/db/upsert-rows';
import { writeBatch } from '@/db/write-batch';
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

export type RunHooks = {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** Limits of the model bridge (defaults in bridge-settings.ts); tests pass a provider. */
  bridge?: Omit<BridgeOptions, 'model'>;
};

/**
 * Runs one eval version over an agent's traces in sandbox batches and stores one execution per
 * trace (a re-run replaces the earlier verdict). A sandbox failure of one trace is its outcome.
 */
export async function runEvalVersion(
  ctx: Ctx,
  input: RunEvalVersionInput,
  hooks: RunHooks = {},
): Promise<RunEvalSummary> {
  const data = RunEvalVersionInput.parse(input);
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
  const ids = (
    await ctx.db
      .select({ id: traces.id })
      .from(traces)
      .where(and(...filters))
      .orderBy(traces.startedAt, traces.id)
  )
    .map((r) => r.id)
    .filter((id) => !only || only.has(id));

  const summary: RunEvalSummary = { total: ids.length, passed: 0, failed: 0, errors: 0 };
  const bridge = ids.length > 0 ? await loadEvalBridge(ctx, target, hooks.bridge) : null;
  if (bridge) {
    summary.model = Object.assign(bridge.usage, { model: bridge.model });
  }
  let timeouts = 0;
  // a page's ids are bound with the workspace, the eval and the key tag: 97 a page on D1
  const page = Math.min(200, maxParamsOf(ctx.db) - 3);
  for (let start = 0; start < ids.length; start += page) {
    if (hooks.signal?.aborted) {
      throw new AppError('PRECONDITION_FAILED', 'the run was cancelled');
    }
    const pageIds = ids.slice(start, start + page);
    const views = await ctx.db
      .select({ id: traces.id, view: traces.evalView })
      .from(traces)
      .where(inWorkspace(ctx, traces, [inArray(traces.id, pageIds)]));
    const known = bridge ? await knownAnswers(ctx, bridge, target.id, pageIds) : undefined;
    const result = await runWithBridge(
      ctx.sandbox,
      {
        code: target.code,
        traces: await Promise.all(
          views.map(async (v) => ({ ...(await readEvalView(v.view, ctx.db)), trace_id: v.id })),
        ),
        workspaceId: ctx.workspaceId,
        signal: hooks.signal,
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
    const ran = ranOutcomes(result.outcomes, result.stopped, timeouts);
    timeouts = ran.timeoutsInARow;
    const tag = bridge ? await keyTag(bridge) : '';
    const rows = ran.outcomes.map((outcome, i) => ({
      ...toExecution(ctx, target.id, outcome, data.jobId),
      questions: bridge
        ? toExecutionQuestions(bridge, tag, known?.byTrace.get(outcome.traceId), result.asked?.[i])
        : null,
    }));
    for (const row of rows) {
      summary[row.status === 'pass' ? 'passed' : row.status === 'fail' ? 'failed' : 'errors']++;
    }
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
            // null: the trace asked nothing new, the questions kept from the last run stand
            questions: sql`coalesce(excluded.questions, ${evalExecutions.questions})`,
          },
        }),
    );
    await writeBatch(ctx.db, writes);
    if (ran.stopped) {
      throw new AppError('LIMIT_EXCEEDED', ran.stopped, { details: { retryable: false } });
    }
    hooks.onProgress?.(Math.min(start + page, ids.length), ids.length);
  }
  await refreshPromptCoverage(ctx, target.id);
  return summary;
}

/**
 * The outcomes worth storing: those of traces that ran, up to the third timeout in a row (counted
 * across pages too); `stopped` says why the run ends there.
 */
function ranOutcomes(
  outcomes: TraceOutcome[],
  stopped: string | undefined,
  timeoutsBefore: number,
) {
  const notRun = stopped ? notRunMessage(stopped) : null;
  const kept: TraceOutcome[] = [];
  let timeoutsInARow = timeoutsBefore;
  for (const outcome of outcomes) {
    if (!outcome.ok && outcome.error.message === notRun) {
      continue;
    }
    kept.push(outcome);
    timeoutsInARow = !outcome.ok && outcome.error.code === 'TIMEOUT' ? timeoutsInARow + 1 : 0;
    if (timeoutsInARow >= TIMEOUTS_IN_A_ROW_LIMIT) {
      return { outcomes: kept, timeoutsInARow, stopped: TIMEOUTS_IN_A_ROW_STOP };
    }
  }
  return { outcomes: kept, timeoutsInARow, stopped: notRun ? stopped : undefined };
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
