import { inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import type { EvalView } from '@/core/eval-view';
import { rowsByIdChunks } from '@/db/id-chunks';
import { selectInWorkspace } from '@/db/in-workspace';
import { type TaskExpectations, type TasksetTask, traces } from '@/db/schema';
import type { RolloutRecord } from '@/optimize/runs/run-rollout-batch';
import { feedbackNotes } from '@/optimize/tasks/feedback-notes';
import { readEvalView } from '@/traces/stored-eval-view';
import {
  condenseTranscript,
  type EvalVerdict,
  type ReflectiveRecord,
  type TranscriptTurn,
} from '../reflective-record';

/** A stored rollout's turns: user and agent messages, and each tool call with its result. */
export function turnsOf(view: EvalView): TranscriptTurn[] {
  const results = new Map<string, { result: unknown; error: string | null }>();
  for (const step of view.steps) {
    for (const call of step.tool_calls) {
      if (call.id) {
        results.set(call.id, { result: call.result, error: call.error });
      }
    }
  }
  const turns: TranscriptTurn[] = [];
  for (const m of view.messages) {
    if (m.role === 'user' || (m.role === 'assistant' && m.content)) {
      turns.push({ role: m.role, text: m.content });
    }
    for (const call of m.role === 'assistant' ? (m.tool_calls ?? []) : []) {
      const found = call.id ? results.get(call.id) : undefined;
      turns.push({
        role: 'tool',
        name: call.name,
        arguments: call.arguments,
        result: found?.result,
        ...(found?.error ? { error: found.error } : {}),
      });
    }
  }
  return turns;
}

/** A task's expectations as the reflector reads them (expected output, actions, criteria). */
export function expectationsText(e: TaskExpectations): string | undefined {
  const lines = [
    ...(e.output ? [`Expected output: ${e.output}`] : []),
    ...(e.actions ?? []).map((a) => `Expected action: ${a.name}(${JSON.stringify(a.arguments)})`),
    ...(e.criteria ?? []).map((c) => `Success criterion: ${c}`),
    ...(e.communicate ?? []).map((c) => `Must tell the user: ${c}`),
  ];
  return lines.length ? lines.join('\n') : undefined;
}

/**
 * One record per task from its first rollout: the user side, the condensed transcript, one
 * verdict per reward eval (an eval that did not judge the rollout counts as failed), the task's
 * expectations, the human note of its source trace and runner notes.
 */
export async function reflectiveRecords(
  ctx: Ctx,
  tasks: TasksetTask[],
  rollouts: Map<string, RolloutRecord[]>,
  rewardEvals: string[],
): Promise<ReflectiveRecord[]> {
  const firsts = tasks.map((t) => ({ task: t, rollout: rollouts.get(t.id)?.[0] }));
  const traceIds = firsts.flatMap((f) => (f.rollout?.traceId ? [f.rollout.traceId] : []));
  const rows = await rowsByIdChunks(traceIds, (chunk) =>
    selectInWorkspace(ctx, traces, { id: traces.id, evalView: traces.evalView }, [
      inArray(traces.id, chunk),
    ]),
  );
  const views = new Map<string, EvalView>();
  for (const row of rows) {
    views.set(row.id, await readEvalView(row.evalView, ctx.db));
  }
  const notes = await feedbackNotes(
    ctx,
    tasks.flatMap((t) => (t.sourceTraceId ? [t.sourceTraceId] : [])),
  );
  return firsts.map(({ task, rollout }) => {
    const view = rollout?.traceId ? views.get(rollout.traceId) : undefined;
    const verdicts: EvalVerdict[] = rewardEvals.map((name) => {
      const v = rollout?.verdicts[name];
      return {
        name,
        passed: v?.passed === true,
        reason: v ? v.reason : 'not judged (the rollout failed)',
      };
    });
    const runnerNotes = [
      ...(rollout?.error ? [`rollout error: ${rollout.error}`] : []),
      ...(rollout?.terminationReason && rollout.terminationReason !== 'completed'
        ? [`ended: ${rollout.terminationReason}`]
        : []),
    ];
    const turns = task.userTurns.length ? task.userTurns : [task.userMessage];
    const expectations = expectationsText(task.expectations);
    const humanNote = task.sourceTraceId
      ? notes
          .get(task.sourceTraceId)
          ?.map((n) => n.trim())
          .join('\n')
      : undefined;
    return {
      taskId: task.id,
      userSide: turns.map((t, i) => `user turn ${i + 1}: ${t}`).join('\n'),
      variables: task.variables,
      transcript: view
        ? condenseTranscript(turnsOf(view), rollout?.terminationReason ?? undefined)
        : '(no transcript: the rollout failed)',
      verdicts,
      ...(expectations ? { expectations } : {}),
      ...(humanNote ? { humanNote } : {}),
      ...(runnerNotes.length ? { runnerNotes } : {}),
    };
  });
}
