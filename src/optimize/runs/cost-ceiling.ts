export type Admission = 'go' | 'wait' | 'stop';

/**
 * A run's cost ceiling. A rollout is admitted only when the spend so far plus the estimate of
 * every rollout in flight and of this one stays within the ceiling; the estimate is the most
 * expensive rollout seen. Until one has finished there is no estimate, so rollouts go one at a time.
 */
export function createCostCeiling(maxUsd: number | undefined, spentUsd: number) {
  let spent = spentUsd;
  let estimate: number | undefined;
  return {
    admit(inFlight: number): Admission {
      if (maxUsd === undefined) {
        return 'go';
      }
      const projected = estimate === undefined ? 0 : (inFlight + 1) * estimate;
      if (estimate === undefined && inFlight > 0) {
        return 'wait';
      }
      if (spent + projected <= maxUsd && (estimate !== undefined || spent < maxUsd)) {
        return 'go';
      }
      return inFlight > 0 ? 'wait' : 'stop';
    },
    record(costUsd: number) {
      spent += costUsd;
      estimate = Math.max(estimate ?? 0, costUsd);
    },
    get spentUsd() {
      return spent;
    },
  };
}

export type CostCeiling = ReturnType<typeof createCostCeiling>;

/**
 * Runs `work` over `items` with at most `parallel` in flight, admitting each through `ceiling`.
 * `work` must not throw. Answers why it ended: every item started, the ceiling, or the signal.
 */
export async function runAdmitted<T>(
  items: T[],
  options: { parallel: number; ceiling: CostCeiling; signal?: AbortSignal },
  work: (item: T) => Promise<void>,
): Promise<'done' | 'budget' | 'aborted'> {
  const running = new Set<Promise<void>>();
  let ended: 'done' | 'budget' | 'aborted' = 'done';
  outer: for (const item of items) {
    for (;;) {
      if (options.signal?.aborted) {
        ended = 'aborted';
        break outer;
      }
      const admission = options.ceiling.admit(running.size);
      if (admission === 'stop') {
        ended = 'budget';
        break outer;
      }
      if (admission === 'go' && running.size < options.parallel) {
        break;
      }
      await Promise.race(running);
    }
    const task: Promise<void> = work(item).finally(() => running.delete(task));
    running.add(task);
  }
  await Promise.all(running);
  return options.signal?.aborted ? 'aborted' : ended;
}
