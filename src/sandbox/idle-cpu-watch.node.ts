import type { SandboxWorker } from './worker.node.js';

export type IdleCpuWatch = {
  /** Starts watching a worker that just became idle (after a grace period for V8's own work). */
  track(worker: SandboxWorker): void;
  forget(worker: SandboxWorker): void;
  stop(): void;
};

/** `window`: the worker's CPU time (ms) read by the last ticks after the grace period, oldest first. */
type Sample = { since: number; window: { at: number; cpu: number }[] };

const SAMPLE_MS = 1000;
const GRACE_MS = 2000;
/**
 * Ticks a rate is judged over. Every idle child, about 8 s after its last work, used 10–60 ms of
 * CPU in one 1 s tick and 60–80 ms in all, mostly in threads other than its main one (V8's own,
 * by all signs its idle-time garbage collection; 6 children, load 15). Judged over one tick that
 * crossed the 50 ms/s limit of cross-run.test.ts, which then counted other children killed beside
 * the one it poisoned; over three ticks (150 ms at that limit) it is about half of the limit.
 * Work an eval left behind runs on, and is judged over the same three seconds.
 */
const WINDOW_TICKS = 3;

/**
 * Work that outlives its run shows as CPU time while the worker has nothing to do: an idle
 * worker whose CPU time grows faster than `limitMsPerSecond`, over `WINDOW_TICKS` ticks after
 * the grace period, is handed to `onBusy` (killed).
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
      if (cpu === null || now - sample.since < GRACE_MS) {
        continue;
      }
      const window = sample.window;
      window.push({ at: now, cpu });
      if (window.length > WINDOW_TICKS + 1) {
        window.shift();
      }
      const first = window[0];
      if (
        first !== undefined &&
        window.length > WINDOW_TICKS &&
        cpu - first.cpu > (limitMsPerSecond * (now - first.at)) / 1000
      ) {
        watched.delete(worker);
        onBusy(worker);
      }
    }
  }, SAMPLE_MS);
  timer.unref();
  return {
    // No /proc read here: tracking starts as a batch's reset is reported, on the host's path to
    // the next call; the first reading is taken by the timer after the grace period.
    track: (worker) => {
      watched.set(worker, { since: performance.now(), window: [] });
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
