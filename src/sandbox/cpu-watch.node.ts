import { everyWatchTick } from './proc-watch.node.js';
import type { SandboxWorker } from './worker.node.js';

/**
 * The pool's one watch on its children's CPU time, on the shared 100 ms watch tick
 * (proc-watch.node.ts), with one rule per state a child can be watched in:
 * - **idle** (fresh, or clean after a batch): work that outlives its run shows as CPU time while
 *   the child has nothing to do; one whose CPU time grows faster than the idle limit, judged over
 *   `WINDOW_TICKS` readings 1 s apart after a 2 s grace, is handed to `onIdleBusy` (killed).
 * - **resetting** (after a batch, until it reports itself clean): see `RESET_CPU_KILL_MS`; and one
 *   that has not reported within its deadline (judged on the tick: up to WATCH_MS late).
 * A child is in one state at a time; `idle` and `resetting` replace its state, `forget` ends it.
 */
export type CpuWatch = {
  /** Watches a child that just became idle (after a grace period for V8's own work). */
  idle(worker: SandboxWorker): void;
  /**
   * Watches a child that is resetting after a batch: `onOver('cpu')` once past RESET_CPU_KILL_MS,
   * or `onOver('late')` once `reportWithinMs` passed (a tick after; no timer of its own: one made
   * and cleared on every call cost the host about 20 µs on the call's path).
   */
  resetting(
    worker: SandboxWorker,
    reportWithinMs: number,
    onOver: (why: 'cpu' | 'late') => void,
  ): void;
  forget(worker: SandboxWorker): void;
  stop(): void;
};

/** `window`: the child's CPU time (ms) read after the grace period, 1 s apart, oldest first. */
type Idle = { kind: 'idle'; since: number; window: { at: number; cpu: number }[] };
/** `first`: the CPU time read by the first tick that found the child resetting; `by`: its deadline. */
type Resetting = {
  kind: 'resetting';
  first: number | null;
  by: number;
  onOver: (why: 'cpu' | 'late') => void;
};

const SAMPLE_MS = 1000;
const GRACE_MS = 2000;
/**
 * Readings a rate is judged over. Every idle child, about 8 s after its last work, used 10–60 ms
 * of CPU in one 1 s tick and 60–80 ms in all, mostly in threads other than its main one (V8's own,
 * by all signs its idle-time garbage collection; 6 children, load 15). Judged over one tick that
 * crossed the 50 ms/s limit of cross-run.test.ts, which then counted other children killed beside
 * the one it poisoned; over three ticks (150 ms at that limit) it is about half of the limit.
 * Work an eval left behind runs on, and is judged over the same three seconds.
 */
const WINDOW_TICKS = 3;

/**
 * The child holds its reset after a reply to a 50 ms CPU budget (runner/child.mjs), but CPython
 * reads that budget only between bytecodes and in some C loops: C work that reads nothing (freeing
 * or copying a huge object a batch left in a dict) runs on. Past this much CPU since the first
 * watch tick (100 ms apart) that finds the child still resetting, it is handed to `onOver`.
 * Nothing is read from /proc on the call's path: a warm reset (1-3 ms) is over before any tick
 * sees it.
 */
export const RESET_CPU_KILL_MS = 100;

/** One watch for every child of a pool; `idleLimitMsPerSecond` is the idle rule's limit. */
export function watchCpu(
  idleLimitMsPerSecond: number,
  onIdleBusy: (worker: SandboxWorker) => void,
): CpuWatch {
  const watched = new Map<SandboxWorker, Idle | Resetting>();
  let stopTicks: (() => void) | null = null;
  const tick = () => {
    const now = performance.now();
    // a copy: a child handed on may be killed and others watched anew (read first by the next tick)
    for (const [worker, state] of [...watched]) {
      if (watched.get(worker) !== state) {
        continue;
      }
      if (state.kind === 'idle') {
        if (idleOver(worker, state, now)) {
          watched.delete(worker);
          onIdleBusy(worker);
        }
        continue;
      }
      const why = resetOver(worker, state, now);
      if (why) {
        watched.delete(worker);
        state.onOver(why);
      }
    }
    if (watched.size === 0) {
      stopTicks?.();
      stopTicks = null;
    }
  };
  const watch = (worker: SandboxWorker, state: Idle | Resetting) => {
    watched.set(worker, state);
    stopTicks ??= everyWatchTick(tick);
  };
  /** Whether an idle child is over the limit; reads its CPU time once a second after the grace. */
  const idleOver = (worker: SandboxWorker, sample: Idle, now: number): boolean => {
    const last = sample.window.at(-1);
    if (now - sample.since < GRACE_MS || (last !== undefined && now - last.at < SAMPLE_MS)) {
      return false;
    }
    const cpu = worker.cpuMs();
    if (cpu === null) {
      return false;
    }
    const window = sample.window;
    window.push({ at: now, cpu });
    if (window.length > WINDOW_TICKS + 1) {
      window.shift();
    }
    const first = window[0];
    return (
      first !== undefined &&
      window.length > WINDOW_TICKS &&
      cpu - first.cpu > (idleLimitMsPerSecond * (now - first.at)) / 1000
    );
  };
  return {
    // No /proc read here: tracking starts as a batch's reset is reported, on the host's path to
    // the next call; the first reading is taken by a tick after the grace period.
    idle: (worker) => watch(worker, { kind: 'idle', since: performance.now(), window: [] }),
    resetting: (worker, reportWithinMs, onOver) =>
      watch(worker, {
        kind: 'resetting',
        first: null,
        by: performance.now() + reportWithinMs,
        onOver,
      }),
    forget: (worker) => {
      watched.delete(worker);
    },
    stop: () => {
      watched.clear();
      stopTicks?.();
      stopTicks = null;
    },
  };
}

/**
 * Whether a resetting child is past its deadline ('late'), or used more than RESET_CPU_KILL_MS
 * since the first tick that saw it ('cpu'); false otherwise.
 */
function resetOver(worker: SandboxWorker, state: Resetting, now: number): 'late' | 'cpu' | false {
  if (now >= state.by) {
    return 'late';
  }
  const cpu = worker.cpuMs();
  if (cpu === null) {
    return false;
  }
  if (state.first === null) {
    state.first = cpu;
    return false;
  }
  return cpu - state.first > RESET_CPU_KILL_MS ? 'cpu' : false;
}
