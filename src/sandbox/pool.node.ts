import type { LaunchPlan } from './layers.node.js';
import { type SandboxWorker, startWorker } from './worker.node.js';

export type PoolOptions = {
  size: number;
  plan: LaunchPlan;
  runtimeDir: string;
  memoryCapBytes: number;
  rssLimitBytes: number;
  snapshotFile?: string;
  maxRunsPerWorker: number;
};

export type PoolStats = {
  size: number;
  idle: number;
  started: number;
  lastStartMs: number | null;
  lastError: string | null;
};

export type Pool = {
  /**
   * A ready worker that has run no user code, or only `codeKey`'s code (one eval per process:
   * an eval cannot leave state behind for another). `null` for calls that run no user code.
   */
  acquire(codeKey: string | null): Promise<SandboxWorker>;
  /** Returns a worker; `recycle` kills it and starts a fresh one in its place. */
  release(worker: SandboxWorker, recycle: boolean): void;
  stats(): PoolStats;
  close(): Promise<void>;
};

const MAX_CONSECUTIVE_START_FAILURES = 3;

/** A warm pool: `size` children started up front, replaced after N runs or any violation. */
export function createPool(options: PoolOptions): Pool {
  const idle: SandboxWorker[] = [];
  const all = new Set<SandboxWorker>();
  type Waiter = {
    key: string | null;
    resolve: (w: SandboxWorker) => void;
    reject: (e: Error) => void;
  };
  const waiters: Waiter[] = [];
  const fits = (w: SandboxWorker, key: string | null) =>
    key === null || w.codeKey === undefined || w.codeKey === key;
  let closed = false;
  let started = 0;
  let failures = 0;
  let lastStartMs: number | null = null;
  let lastError: string | null = null;

  const spawnOne = () => {
    if (closed) {
      return;
    }
    const worker = startWorker({ ...options, mode: 'serve' });
    all.add(worker);
    started++;
    worker.onExit(() => {
      all.delete(worker);
      const i = idle.indexOf(worker);
      if (i >= 0) {
        idle.splice(i, 1);
        spawnOne(); // an idle child died: keep the pool at size
      }
    });
    worker.ready.then(
      (ms) => {
        failures = 0;
        lastStartMs = ms;
        give(worker);
      },
      (error: Error) => {
        all.delete(worker);
        lastError = error.message;
        failures++;
        if (failures >= MAX_CONSECUTIVE_START_FAILURES) {
          for (const w of waiters.splice(0)) {
            w.reject(new Error(`sandbox workers fail to start: ${error.message}`));
          }
          failures = 0;
          return;
        }
        spawnOne();
      },
    );
  };

  const replace = (worker: SandboxWorker) => {
    worker.kill('recycle');
    all.delete(worker);
    spawnOne();
  };

  const give = (worker: SandboxWorker) => {
    if (closed || worker.exited) {
      return;
    }
    const i = waiters.findIndex((w) => fits(worker, w.key));
    if (i >= 0) {
      waiters.splice(i, 1)[0]?.resolve(worker);
    } else if (waiters.length > 0) {
      replace(worker); // it ran another eval's code: a fresh child serves the waiter
    } else {
      idle.push(worker);
    }
  };

  for (let i = 0; i < options.size; i++) {
    spawnOne();
  }

  return {
    acquire: (key) => {
      if (closed) {
        return Promise.reject(new Error('sandbox is closed'));
      }
      let i = idle.findIndex((w) => key !== null && w.codeKey === key);
      if (i < 0) {
        i = idle.findIndex((w) => fits(w, key));
      }
      const found = idle[i];
      if (found) {
        idle.splice(i, 1);
        return Promise.resolve(found);
      }
      const stale = idle.shift();
      if (stale) {
        replace(stale);
      } else if (all.size === 0) {
        spawnOne();
      }
      return new Promise((resolve, reject) => waiters.push({ key, resolve, reject }));
    },
    release: (worker, recycle) => {
      worker.runs++;
      if (recycle || worker.exited || worker.runs >= options.maxRunsPerWorker) {
        replace(worker);
      } else {
        give(worker);
      }
    },
    stats: () => ({ size: options.size, idle: idle.length, started, lastStartMs, lastError }),
    close: async () => {
      closed = true;
      for (const w of waiters.splice(0)) {
        w.reject(new Error('sandbox is closed'));
      }
      const exits = [...all].map(
        (w) => new Promise<void>((resolve) => (w.exited ? resolve() : w.onExit(() => resolve()))),
      );
      for (const w of all) {
        w.kill('close');
      }
      idle.length = 0;
      await Promise.all(exits);
    },
  };
}
