import { type CpuWatch, RESET_CPU_KILL_MS, watchCpu } from './cpu-watch.node.js';
import { nextWaiter, shareOf } from './fair-share';
import type { LaunchPlan } from './layers.node.js';
import { type KillReason, type SandboxWorker, startWorker } from './worker.node.js';

export type PoolOptions = {
  /** Workers running batches at once (the CPU parallelism). */
  size: number;
  /** Fresh workers kept ready on top of `size`, so a new workspace rarely waits for a start. */
  spares: number;
  plan: LaunchPlan;
  runtimeDir: string;
  memoryCapBytes: number;
  rssLimitBytes: number;
  snapshotFile?: string;
  /** Tests only: see WorkerOptions.entry. */
  entry?: string;
  maxRunsPerWorker: number;
  /** How long a child may take to report itself clean after a batch (ms; judged on the 100 ms watch tick). */
  resetTimeoutMs?: number;
  /** CPU time (ms) an idle child may use per second before it is killed. */
  idleCpuMsPerSecond?: number;
  /**
   * Children that may run beyond `size`, each for a workspace in good standing with nothing
   * running (default `size`): it runs at once instead of after the holders' traces.
   */
  reserve?: number;
  /** Starts one child; tests pass fakes. */
  start?: typeof startWorker;
};

export type PoolStats = {
  size: number;
  /** Children that may run beyond `size` (PoolOptions.reserve). */
  reserve: number;
  spares: number;
  processes: number;
  busy: number;
  idle: number;
  fresh: number;
  /** Children that ran a batch and have not yet reported themselves clean (or been killed). */
  resetting: number;
  started: number;
  killed: Partial<Record<KillReason, number>>;
  lastStartMs: number | null;
  lastError: string | null;
  /** What the last child that was not clean after a batch had left behind. */
  lastLeftovers: string | null;
};

export type Pool = {
  /**
   * A worker for one batch of `tenant`: one that has only ever run this tenant's batches (and
   * reported itself clean after each), or a fresh one. While another tenant waits, a tenant gets
   * at most half of the workers. `signal` withdraws the request (it rejects with its reason).
   */
  acquire(tenant: string, signal?: AbortSignal): Promise<SandboxWorker>;
  /**
   * `tenant`'s own idle worker at once, when nobody waits and fewer than `size` run: the worker
   * `acquire` would answer then, without its promise, signal and dispatch. Else null (then
   * `acquire`).
   */
  tryAcquire(tenant: string): SandboxWorker | null;
  /** Returns a worker after its batch; `recycle` kills it (a violation, a timeout). */
  release(worker: SandboxWorker, recycle: boolean): void;
  /** Returns a worker that ran no batch since `acquire` (its caller had no work left for it). */
  putBack(worker: SandboxWorker): void;
  stats(): PoolStats;
  close(): Promise<void>;
};

type Waiter = { tenant: string; resolve: (w: SandboxWorker) => void; reject: (e: Error) => void };

const MAX_CONSECUTIVE_START_FAILURES = 3;
/**
 * How long a tenant that lost a child to its eval (a timeout, a crash, a violation) is out of good
 * standing: it takes neither the last spare nor a reserve seat (ms).
 */
const LOSS_MEMORY_MS = 30_000;

/** A warm pool of sandbox children, each bound to one workspace for its whole life. */
export function createPool(options: PoolOptions): Pool {
  return new WorkerPool(options);
}

class WorkerPool implements Pool {
  private readonly all = new Set<SandboxWorker>();
  private readonly fresh: SandboxWorker[] = [];
  private readonly idle: SandboxWorker[] = []; // bound and clean, least recently used first
  private readonly resetting = new Set<SandboxWorker>(); // after a batch, until reported clean
  private readonly busy = new Map<SandboxWorker, string>();
  private readonly waiters: Waiter[] = [];
  private readonly killed: Partial<Record<KillReason, number>> = {};
  /** When each tenant last lost a child to its eval (performance.now()). */
  private readonly losses = new Map<string, number>();
  private readonly seats: number;
  private readonly cpuWatch: CpuWatch;
  private starting = 0;
  private closed = false;
  private started = 0;
  private failures = 0;
  private lastStartMs: number | null = null;
  private lastError: string | null = null;
  private lastLeftovers: string | null = null;

  constructor(private readonly options: PoolOptions) {
    this.seats = options.reserve ?? options.size;
    this.cpuWatch = watchCpu(options.idleCpuMsPerSecond ?? 250, (w) => {
      this.kill(w, 'idle-cpu');
      this.dispatch();
    });
    // the spare starts once the first workers are taken (dispatch keeps one coming)
    for (let i = 0; i < options.size; i++) {
      this.spawn();
    }
  }

  acquire(tenant: string, signal?: AbortSignal): Promise<SandboxWorker> {
    if (this.closed) {
      return Promise.reject(new Error('sandbox is closed'));
    }
    if (signal?.aborted) {
      return Promise.reject(signal.reason);
    }
    const result = new Promise<SandboxWorker>((resolve, reject) => {
      const waiter: Waiter = { tenant, resolve, reject };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(signal.reason);
          this.dispatch();
        }
      });
    });
    this.dispatch();
    return result;
  }

  tryAcquire(tenant: string): SandboxWorker | null {
    // with nobody waiting, a tenant's share is every worker, so dispatch would pick this one too
    if (this.closed || this.waiters.length > 0 || this.busy.size >= this.options.size) {
      return null;
    }
    const own = this.idle.findIndex((w) => w.tenant === tenant);
    if (own < 0) {
      return null;
    }
    const worker = this.idle.splice(own, 1)[0] as SandboxWorker;
    this.cpuWatch.forget(worker);
    this.busy.set(worker, tenant);
    return worker;
  }

  release(worker: SandboxWorker, recycle: boolean): void {
    this.busy.delete(worker);
    worker.runs++;
    if ((recycle || worker.exited) && worker.tenant !== undefined) {
      this.lostChild(worker.tenant);
    }
    if (recycle || worker.exited || worker.runs >= this.options.maxRunsPerWorker) {
      this.kill(worker, 'recycle');
    } else {
      this.awaitReset(worker);
    }
    this.dispatch();
  }

  putBack(worker: SandboxWorker): void {
    this.busy.delete(worker);
    if (worker.exited || !this.all.has(worker)) {
      this.dispatch();
      return;
    }
    if (worker.runs === 0) {
      worker.tenant = undefined; // it never ran a batch: still fresh
      this.fresh.push(worker);
    } else {
      this.idle.push(worker);
    }
    this.cpuWatch.idle(worker);
    this.dispatch();
  }

  stats(): PoolStats {
    return {
      size: this.options.size,
      reserve: this.seats,
      spares: this.options.spares,
      processes: this.all.size,
      busy: this.busy.size,
      idle: this.idle.length + this.fresh.length,
      fresh: this.fresh.length,
      resetting: this.resetting.size,
      started: this.started,
      killed: { ...this.killed },
      lastStartMs: this.lastStartMs,
      lastError: this.lastError,
      lastLeftovers: this.lastLeftovers,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cpuWatch.stop();
    for (const w of this.waiters.splice(0)) {
      w.reject(new Error('sandbox is closed'));
    }
    const exits = [...this.all].map(
      (w) => new Promise<void>((resolve) => (w.exited ? resolve() : w.onExit(() => resolve()))),
    );
    for (const w of this.all) {
      w.kill('close');
    }
    this.fresh.length = 0;
    this.idle.length = 0;
    await Promise.all(exits);
  }

  /**
   * Serves waiters, fewest busy workers per tenant first, none beyond its share. A waiter takes
   * its tenant's idle worker, else a fresh one while its tenant holds fewer than `size` workers,
   * else waits for one of its tenant's workers that is reporting itself clean (a few ms, cheaper
   * than starting one), else a fresh or newly started worker (not the last spare for a tenant
   * that lost a child lately). Then the reserve seats, and keeps the spares coming, evicting the
   * least recently used idle worker of a tenant that is not waiting when the process cap
   * (size + reserve + spares) is reached.
   */
  private dispatch(): void {
    if (this.closed) {
      return;
    }
    const planned = new Map<string, number>();
    const load = (tenant: string) => this.busyOf(tenant) + (planned.get(tenant) ?? 0);
    const share = shareOf(this.waiters, this.options.size);
    const skipped = new Set<Waiter>();
    const awaited = new Map<string, number>();
    let needFresh = 0;
    let room = this.options.size - this.busy.size;
    while (room > 0) {
      const waiter = nextWaiter(this.waiters, load, share, skipped);
      if (!waiter) {
        break;
      }
      const own = this.idle.findIndex((w) => w.tenant === waiter.tenant);
      if (own >= 0) {
        this.assign(this.idle.splice(own, 1)[0] as SandboxWorker, waiter);
        room--;
        continue;
      }
      const waitingFor = awaited.get(waiter.tenant) ?? 0;
      const mayBindMore =
        this.freshFor(waiter.tenant) && this.boundTo(waiter.tenant) < this.options.size;
      if (waitingFor < this.resettingOf(waiter.tenant) && !mayBindMore) {
        awaited.set(waiter.tenant, waitingFor + 1);
        skipped.add(waiter);
        continue;
      }
      const fresh = this.freshFor(waiter.tenant) ? this.fresh.shift() : undefined;
      if (fresh) {
        this.assign(fresh, waiter);
      } else {
        skipped.add(waiter);
        planned.set(waiter.tenant, (planned.get(waiter.tenant) ?? 0) + 1);
        needFresh++;
      }
      room--;
    }
    needFresh += this.reserve(load, skipped);
    this.supply(needFresh);
  }

  /**
   * Beyond `size`, up to `reserve` more children each for a tenant in good standing with nothing
   * running: its own idle child, the spare, or one started for it. It runs at once instead of after
   * the holders' traces, up to their time limit each (probes F8). Answers the starts it needs.
   */
  private reserve(load: (tenant: string) => number, skipped: Set<Waiter>): number {
    let starts = 0;
    while (this.busy.size + starts < this.options.size + this.seats) {
      // a tenant whose child is reporting itself clean waits for it (a few ms)
      const waiter = this.waiters.find(
        (w) =>
          !skipped.has(w) &&
          load(w.tenant) === 0 &&
          !this.lost(w.tenant) &&
          this.resettingOf(w.tenant) === 0,
      );
      if (!waiter) {
        break;
      }
      const own = this.idle.findIndex((w) => w.tenant === waiter.tenant);
      const worker = own >= 0 ? this.idle.splice(own, 1)[0] : this.fresh.shift();
      if (worker) {
        this.assign(worker, waiter);
      } else {
        skipped.add(waiter);
        starts++;
      }
    }
    return starts;
  }

  /**
   * Whether `tenant` may take a fresh child now: not the last spare when it lost a child to its
   * eval lately (it waits for one started for it), so a newcomer finds the spare up.
   */
  private freshFor(tenant: string): boolean {
    return this.fresh.length > (this.lost(tenant) ? this.options.spares : 0);
  }

  private lost(tenant: string): boolean {
    const at = this.losses.get(tenant);
    return at !== undefined && performance.now() - at < LOSS_MEMORY_MS;
  }

  private lostChild(tenant: string): void {
    const now = performance.now();
    for (const [t, at] of this.losses) {
      if (now - at >= LOSS_MEMORY_MS) {
        this.losses.delete(t);
      }
    }
    this.losses.set(tenant, now);
  }

  private supply(needFresh: number): void {
    const cap = this.options.size + this.seats + this.options.spares;
    while (this.fresh.length + this.starting < needFresh + this.options.spares) {
      if (this.all.size >= cap) {
        const waiting = new Set(this.waiters.map((w) => w.tenant));
        const forWaiter = this.fresh.length + this.starting < needFresh;
        const victim =
          this.idle.find((w) => !waiting.has(w.tenant ?? '')) ??
          (forWaiter ? this.idle[0] : undefined);
        if (!victim) {
          return;
        }
        this.kill(victim, 'recycle');
      }
      this.spawn();
    }
  }

  private assign(worker: SandboxWorker, waiter: Waiter): void {
    this.waiters.splice(this.waiters.indexOf(waiter), 1);
    this.cpuWatch.forget(worker);
    worker.tenant ??= waiter.tenant;
    this.busy.set(worker, waiter.tenant);
    waiter.resolve(worker);
  }

  private spawn(): void {
    const worker = (this.options.start ?? startWorker)({ ...this.options, mode: 'serve' });
    this.all.add(worker);
    this.starting++;
    this.started++;
    worker.onExit(() => {
      this.cpuWatch.forget(worker);
      if (this.all.has(worker)) {
        this.drop(worker);
        this.dispatch();
      }
    });
    worker.ready.then(
      (ms) => {
        this.starting--;
        this.failures = 0;
        this.lastStartMs = ms;
        if (!this.closed && !worker.exited) {
          this.fresh.push(worker);
          this.cpuWatch.idle(worker);
        }
        this.dispatch();
      },
      (error: Error) => this.startFailed(worker, error),
    );
  }

  private startFailed(worker: SandboxWorker, error: Error): void {
    this.starting--;
    this.drop(worker);
    this.lastError = error.message;
    if (++this.failures >= MAX_CONSECUTIVE_START_FAILURES) {
      this.failures = 0;
      for (const w of this.waiters.splice(0)) {
        w.reject(new Error(`sandbox workers fail to start: ${error.message}`));
      }
    }
    this.dispatch();
  }

  /** After a batch a worker is idle only once it reported itself clean; otherwise it is killed. */
  private awaitReset(worker: SandboxWorker): void {
    const timeoutMs = this.options.resetTimeoutMs ?? 10_000;
    this.resetting.add(worker);
    const killFor = (why: string) => {
      worker.onReset(null);
      this.resetting.delete(worker);
      this.lastLeftovers = why;
      this.kill(worker, 'reset');
      this.dispatch();
    };
    // both limits on the watch tick: no timer made and cleared on every batch
    this.cpuWatch.resetting(worker, timeoutMs, (why) =>
      killFor(
        why === 'late'
          ? `no report within ${timeoutMs} ms`
          : `the eval left work that ran after its batch was reported (over ${RESET_CPU_KILL_MS} ms of CPU while the child reset)`,
      ),
    );
    worker.onReset((leftovers) => {
      worker.onReset(null);
      this.resetting.delete(worker);
      if (leftovers !== null || worker.exited || this.closed) {
        this.lastLeftovers = leftovers ?? 'exited';
        this.kill(worker, 'reset');
      } else {
        this.idle.push(worker);
        this.cpuWatch.idle(worker);
      }
      this.dispatch();
    });
  }

  /** Children of `tenant`: running its batch, reporting themselves clean, or idle. */
  private boundTo(tenant: string): number {
    let n = 0;
    for (const w of this.all) {
      n += w.tenant === tenant ? 1 : 0;
    }
    return n;
  }

  private resettingOf(tenant: string): number {
    let n = 0;
    for (const w of this.resetting) {
      n += w.tenant === tenant ? 1 : 0;
    }
    return n;
  }

  private busyOf(tenant: string): number {
    let n = 0;
    for (const t of this.busy.values()) {
      n += t === tenant ? 1 : 0;
    }
    return n;
  }

  private drop(w: SandboxWorker): void {
    this.cpuWatch.forget(w); // a child killed is not judged again before its exit
    this.all.delete(w);
    this.busy.delete(w);
    this.resetting.delete(w);
    for (const list of [this.fresh, this.idle]) {
      const i = list.indexOf(w);
      if (i >= 0) {
        list.splice(i, 1);
      }
    }
  }

  private kill(w: SandboxWorker, reason: KillReason): void {
    this.killed[reason] = (this.killed[reason] ?? 0) + 1;
    this.drop(w); // first: an exit reported at once must not dispatch a second time
    w.kill(reason);
  }
}
