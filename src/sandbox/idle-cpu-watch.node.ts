import type { SandboxWorker } from './worker.node.js';

export type IdleCpuWatch = {
  /** Starts watching a worker that just became idle (after a grace period for V8's own work). */
  track(worker: SandboxWorker): void;
  forget(worker: SandboxWorker): void;
  stop(): void;
};

/** `cpu` null: not sampled yet (the first sample is taken by the timer, not when tracking starts). */
type Sample = { since: number; at: number; cpu: number | null };

const SAMPLE_MS = 1000;
const GRACE_MS = 2000;

/**
 * Work that outlives its run shows as CPU time while the worker has nothing to do: an idle
 * worker whose CPU time grows faster than `limitMsPerSecond` is handed to `onBusy` (killed).
 */
export function watchIdleCpu(
  limitMsPerSecond: number,
  onBusy: (worker: SandboxWorker) => void,
): IdleCpuWatch {
  const watched = new Map<SandboxWorker, Sample>();
  const timer = setInterval(() => {
    const now = performance.now();
    for (const [worker, sample] of watched) {
      const cpu = worker.cpuMs();
      const elapsed = now - sample.at;
      if (
        cpu !== null &&
        sample.cpu !== null &&
        now - sample.since >= GRACE_MS &&
        cpu - sample.cpu > (limitMsPerSecond * elapsed) / 1000
      ) {
        watched.delete(worker);
        onBusy(worker);
        continue;
      }
      sample.cpu = cpu;
      sample.at = now;
    }
  }, SAMPLE_MS);
  timer.unref();
  return {
    // No /proc read here: tracking starts as a batch's reset is reported, on the host's path to
    // the next call; the grace period is longer than the first tick anyway.
    track: (worker) => {
      const now = performance.now();
      watched.set(worker, { since: now, at: now, cpu: null });
    },
    forget: (worker) => {
      watched.delete(worker);
    },
    stop: () => {
      clearInterval(timer);
      watched.clear();
    },
  };
}
