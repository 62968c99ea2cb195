import { generateText } from 'ai';
import type { Ctx } from '@/core/context';
import type { TasksetTask } from '@/db/schema';
import { computeCost } from '@/llm/price-table';
import { resolveRolloutModel } from '@/optimize/runs/rollout-model';
import {
  type RolloutBatchResult,
  type RolloutRecord,
  runRolloutBatch,
} from '@/optimize/runs/run-rollout-batch';
import type { EvalResult, EvalStage, ReflectResult, ReflectStage } from '../engine-types';
import type { GepaAdapter } from '../gepa-adapter';
import { buildReflectionPrompt } from '../reflection-prompt';
import { type GepaRunConfig, PROMPT_COMPONENT } from './gepa-run-config';
import { reflectiveRecords } from './reflective-records';

/** A rollout's reward: the share of reward evals it passed (a failed rollout or no verdict: 0). */
export function rewardOf(rollout: RolloutRecord, rewardEvals: string[]): number {
  if (rollout.status !== 'succeeded' || rewardEvals.length === 0) {
    return 0;
  }
  return (
    rewardEvals.filter((name) => rollout.verdicts[name]?.passed === true).length /
    rewardEvals.length
  );
}

/** Per eval, the share of a task's rollouts that passed it (a failed rollout counts as failed). */
function passRates(rollouts: RolloutRecord[], names: string[]): Record<string, number> {
  const n = Math.max(1, rollouts.length);
  return Object.fromEntries(
    names.map((name) => [
      name,
      rollouts.filter((r) => r.status === 'succeeded' && r.verdicts[name]?.passed === true).length /
        n,
    ]),
  );
}

/**
 * Per task: the mean reward over its rollouts, each reward eval's pass rate (objectives) and,
 * apart, each shadow eval's pass rate (never part of the score).
 */
export function scoresOf(
  batch: RolloutBatchResult,
  rewardEvals: string[],
  shadowEvals: string[] = [],
): EvalResult {
  const scores: Record<string, number> = {};
  const objectives: Record<string, Record<string, number>> = {};
  const shadow: Record<string, Record<string, number>> = {};
  for (const task of batch.tasks) {
    const n = Math.max(1, task.rollouts.length);
    scores[task.taskId] = task.rollouts.reduce((s, r) => s + rewardOf(r, rewardEvals), 0) / n;
    objectives[task.taskId] = passRates(task.rollouts, rewardEvals);
    shadow[task.taskId] = passRates(task.rollouts, shadowEvals);
  }
  return { kind: 'eval', scores, objectives, ...(shadowEvals.length ? { shadow } : {}) };
}

export type RunScope = {
  runId: string;
  agentId: string;
  config: GepaRunConfig;
  tasks: Map<string, TasksetTask>;
  signal?: AbortSignal;
  onLog?(line: string): void;
  onProgress?(done: number, total: number): void;
};

/** Runs a candidate prompt on tasks as one rollout batch, labelled `label` (resumable). */
export function runCandidateBatch(
  ctx: Ctx,
  scope: RunScope,
  label: string,
  prompt: string,
  taskIds: string[],
) {
  const c = scope.config;
  return runRolloutBatch(
    ctx,
    {
      agentId: scope.agentId,
      promptText: prompt,
      taskIds,
      k: c.rolloutsPerTask,
      parallel: c.parallel,
      gepaRunId: scope.runId,
      stage: label,
      model: c.model,
      stepsPerTurn: c.stepsPerTurn,
      userMode: c.userMode,
      allowSideEffects: c.allowSideEffects,
    },
    {
      signal: scope.signal,
      onLog: scope.onLog,
      onProgress: ({ done, total }) => scope.onProgress?.(done, total),
    },
  );
}

/**
 * The engine's adapter on iofold: each evaluation stage is one rollout batch (labelled with the
 * iteration and the stage, so a re-run after a crash resumes it), scored by the reward evals; the
 * reflection stage asks the reflection model (its retries back off; an error after them throws).
 */
export function iofoldAdapter(ctx: Ctx, scope: RunScope, iteration: number): GepaAdapter {
  const { rewardEvals, shadowEvals = [] } = scope.config;
  return {
    async evaluate(stage: EvalStage) {
      const batch = await runCandidateBatch(
        ctx,
        scope,
        `it${iteration}:${stage.kind}`,
        stage.candidate[PROMPT_COMPONENT] ?? '',
        stage.taskIds,
      );
      const result = scoresOf(batch, rewardEvals, shadowEvals);
      if (!stage.traces) {
        return result;
      }
      const tasks = stage.taskIds.map((id) => scope.tasks.get(id) as TasksetTask);
      const rollouts = new Map(batch.tasks.map((t) => [t.taskId, t.rollouts]));
      return { ...result, records: await reflectiveRecords(ctx, tasks, rollouts, rewardEvals) };
    },
    async reflect(stage: ReflectStage): Promise<ReflectResult> {
      const { model, modelId } = await resolveRolloutModel(ctx, {
        modelId: scope.config.reflectionModel,
        onRetry: (e) => scope.onLog?.(`reflection model ${e.kind}: retrying in ${e.delayMs} ms`),
      });
      const answer = await generateText({
        model,
        prompt: buildReflectionPrompt(stage.currentText, stage.records),
        temperature: 0,
        maxRetries: 0,
        abortSignal: scope.signal,
      });
      const usage = {
        inputTokens: answer.usage.inputTokens ?? 0,
        outputTokens: answer.usage.outputTokens ?? 0,
      };
      return {
        kind: 'reflect',
        answer: answer.text,
        usage: { ...usage, usd: computeCost(modelId, usage) ?? 0 },
      };
    },
  };
}
