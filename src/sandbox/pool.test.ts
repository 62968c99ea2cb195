import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchPlan } from './layers.node.js';
import { createPool, type Pool, type PoolOptions } from './pool.node.js';
import type { ExitInfo, KillReason, SandboxWorker } from './worker.node.js';

// The pool's rules with fake children (no Pyodide): a child serves one workspace for life, is
// reused only after it reported itself clean, and while several workspaces wait none gets more
// than half of the children.

type Fake = SandboxWorker & { report(leftovers: string | null): void; killedFor?: KillReason };

function fakeStarter() {
  const made: Fake[] = [];
  let pid = 1000;
  const start = () => {
    const exitHandlers: ((info: ExitInfo) => void)[] = [];
    let resetHandler: ((leftovers: string | null) => void) | null = null;
    let exited = false;
    const worker: Fake = {
      pid: pid++,
      ready: Promise.resolve(1),
      runs: 0,
      listen: () => {},
      takeResults: () => [],
      writeBatch: () => {},
      onReset: (h) => {
        resetHandler = h;
      },
      onExit: (h) => {
        exitHandlers.push(h);
        return () => {};
      },
      send: () => {},
      kill: (reason) => {
        if (!exited) {
          exited = true;
          worker.killedFor = reason;
          for (const h of exitHandlers) {
            h({ code: null, signal: 'SIGKILL', reason });
          }
        }
      },
      rssBytes: () => null,
      cpuMs: () => null,
      get exited() {
        return exited;
      },
      report: (leftovers) => resetHandler?.(leftovers),
    };
    made.push(worker);
    return worker;
  };
  return { start, made };
}

const plan: LaunchPlan = { command: 'node', prefix: [], nodeFlags: [], layers: [] };
let pool: Pool;
afterEach(() => pool?.close());

function newPool(
  size: number,
  start: ReturnType<typeof fakeStarter>['start'],
  options: Pick<PoolOptions, 'resetTimeoutMs' | 'reserve'> = {},
) {
  pool = createPool({
    size,
    ...options,
    spares: 1,
    plan,
    runtimeDir: '/nowhere',
    memoryCapBytes: 1,
    rssLimitBytes: 0,
    maxRunsPerWorker: 50,
    start,
  });
  return pool;
}

/** Gives `child` back after a run, and it reports itself clean (nothing left behind). */
function releaseClean(p: Pool, child: SandboxWorker) {
  p.release(child, false);
  (child as Fake).report(null);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Asks `p` for a child for `tenant` without waiting for it; `got()` is that child once handed out. */
async function acquireLater(p: ReturnType<typeof newPool>, tenant: string) {
  let got: SandboxWorker | undefined;
  // a request still waiting when the test's pool closes is refused ('sandbox is closed'): expected
  p.acquire(tenant).then(
    (w) => {
      got = w;
    },
    () => undefined,
  );
  await settle();
  return () => got;
}

/** A pool of one whose only child ran 'A' and is resetting, and an acquire for 'A' waiting on it. */
async function waiterOnResettingChild() {
  const p = newPool(1, fakeStarter().start);
  const first = await p.acquire('A');
  p.release(first, false);
  const next = p.acquire('A');
  await settle();
  return { p, first, next };
}

describe('sandbox pool', () => {
  it('never hands a child that ran one workspace to another', async () => {
    const fakes = fakeStarter();
    const p = newPool(1, fakes.start);
    const a = await p.acquire('A');
    releaseClean(p, a);
    const b = await p.acquire('B');
    expect(b.pid).not.toBe(a.pid);
    expect([a.tenant, b.tenant]).toEqual(['A', 'B']);
    releaseClean(p, b);
    const again = await p.acquire('A');
    expect(again.tenant).toBe('A');
  });

  it("tryAcquire answers only the workspace's own idle child, and only while nobody waits and fewer than size run", async () => {
    const fakes = fakeStarter();
    let hold = false; // children started from now on never come up
    const p = newPool(2, () => {
      const w = fakes.start();
      return hold ? Object.assign(w, { ready: new Promise<number>(() => {}) }) : w;
    });
    expect(p.tryAcquire('A')).toBeNull(); // no child of A's yet: acquire takes a fresh one
    const a = await p.acquire('A');
    p.release(a, false);
    expect(p.tryAcquire('A')).toBeNull(); // still resetting
    (a as Fake).report(null);
    expect(p.tryAcquire('B')).toBeNull(); // never another workspace's child
    const again = p.tryAcquire('A');
    expect(again?.pid).toBe(a.pid);
    expect(p.stats().busy).toBe(1);
    releaseClean(p, again as SandboxWorker);
    hold = true;
    const b = await p.acquire('B'); // the last fresh child; its successor never comes up
    const c = await acquireLater(p, 'C');
    expect(c()).toBeUndefined();
    expect(p.tryAcquire('A')).toBeNull(); // C waits: dispatch decides who goes first
    releaseClean(p, b);
    const a2 = await p.acquire('A');
    expect(a2.pid).toBe(a.pid);
    const b2 = await p.acquire('B');
    expect(p.stats().busy).toBe(2);
    releaseClean(p, b2);
    expect(p.tryAcquire('B')).toBeNull(); // C still waits
  });

  it('reuses a child for its workspace only once it reported itself clean, and waits for that', async () => {
    const fakes = fakeStarter();
    const p = newPool(1, fakes.start);
    const first = await p.acquire('A');
    p.release(first, false);
    const second = await acquireLater(p, 'A');
    expect(second()).toBe(undefined); // not clean yet: the spare stays a spare
    expect(p.stats().fresh).toBe(1);
    (first as Fake).report(null);
    await settle();
    expect(second()?.pid).toBe(first.pid);
  });

  it('with two slots a workspace binds a second child instead of waiting, never a third', async () => {
    const fakes = fakeStarter();
    const p = newPool(2, fakes.start);
    const first = await p.acquire('A');
    p.release(first, false);
    const second = await p.acquire('A'); // the first is still reporting: a fresh one
    expect(second.pid).not.toBe(first.pid);
    p.release(second, false);
    const third = await acquireLater(p, 'A');
    expect(third()).toBe(undefined); // two bound, both reporting: it waits
    expect(p.stats().fresh).toBe(1);
    (second as Fake).report(null);
    await settle();
    expect(third()?.pid).toBe(second.pid);
  });

  it('a waiter whose child reports itself dirty gets a fresh one', async () => {
    const { first, next } = await waiterOnResettingChild();
    (first as Fake).report('builtins changed');
    const second = await next;
    expect(second.pid).not.toBe(first.pid);
    expect(second.tenant).toBe('A');
    expect((first as Fake).killedFor).toBe('reset');
  });

  it('keeps a spare ready: an idle child of a workspace that is not waiting makes room', async () => {
    const fakes = fakeStarter();
    const p = newPool(1, fakes.start, { reserve: 0 });
    const a = await p.acquire('A');
    releaseClean(p, a);
    await settle();
    const b = await p.acquire('B'); // takes the spare; the process cap (2, no reserve) is reached
    await settle();
    expect((a as Fake).killedFor).toBe('recycle');
    expect(p.stats()).toMatchObject({ processes: 2, fresh: 1 });
    releaseClean(p, b);
    const c = await p.acquire('C');
    expect(c.pid).toBe(fakes.made[2]?.pid); // the spare started while B ran
  });

  it('replaces a child that reports something left behind', async () => {
    const fakes = fakeStarter();
    const p = newPool(1, fakes.start);
    const dirty = await p.acquire('A');
    p.release(dirty, false);
    (dirty as Fake).report('sys.modules changed');
    expect((dirty as Fake).killedFor).toBe('reset');
    const next = await p.acquire('A');
    expect(next.pid).not.toBe(dirty.pid);
    expect(p.stats().lastLeftovers).toBe('sys.modules changed');
  });

  it('gives a waiting workspace a child before the busy one gets a second', async () => {
    const fakes = fakeStarter();
    const p = newPool(2, fakes.start);
    const a1 = await p.acquire('A');
    const a2 = await p.acquire('A');
    const order: string[] = [];
    void p.acquire('A').then(() => order.push('A'));
    void p.acquire('B').then(() => order.push('B'));
    await settle();
    // A holds both: B, with nothing running, takes the spare beside them (a reserve seat)
    expect(order).toEqual(['B']);
    releaseClean(p, a1);
    await settle();
    expect(order).toEqual(['B']); // three were running: back to two before A gets another
    releaseClean(p, a2);
    await settle();
    expect(order).toEqual(['B', 'A']);
  });

  it('while every child is taken, each workspace with nothing running gets a reserve seat at once', async () => {
    const fakes = fakeStarter();
    const p = newPool(2, fakes.start);
    const a1 = await p.acquire('A');
    await p.acquire('A');
    await settle();
    const b = await acquireLater(p, 'B');
    await settle(); // the spare B took is replaced
    const c = await acquireLater(p, 'C');
    await settle();
    const d = await acquireLater(p, 'D');
    expect([b()?.tenant, c()?.tenant]).toEqual(['B', 'C']); // before: one reserve child, C waited
    expect(d()).toBe(undefined); // the reserve is `size` seats
    expect(p.stats()).toMatchObject({ busy: 4 });
    releaseClean(p, a1);
    await settle();
    // four run: back to two plus the reserve before anyone gets another; D, with nothing
    // running, takes the seat A gave back
    expect(d()?.tenant).toBe('D');
    expect(p.stats().busy).toBe(4);
    expect(p.stats().processes).toBeLessThanOrEqual(2 + 2 + 1);
  });

  it('a workspace that lost a child to its eval takes no reserve seat and not the last spare', async () => {
    const fakes = fakeStarter();
    const p = newPool(2, fakes.start);
    await p.acquire('A');
    await p.acquire('A');
    const c1 = await p.acquire('C'); // a reserve seat: C had nothing running
    await settle();
    p.release(c1, true); // its trace timed out: the child is killed
    await settle();
    expect(p.stats().fresh).toBe(1);
    const c2 = await acquireLater(p, 'C');
    // before: C took the spare at once, and B, coming next, waited for a start or a timeout
    expect(c2()).toBe(undefined);
    expect(p.stats().fresh).toBe(1);
    const madeBefore = fakes.made.length;
    const b = await acquireLater(p, 'B');
    expect(b()?.tenant).toBe('B');
    expect(fakes.made.slice(0, madeBefore).some((w) => w === b())).toBe(true); // the spare, up
    expect(c2()).toBe(undefined); // A holds the shared seats, B the reserve: C waits for A
  });

  it('a withdrawn request is never served, and a child put back unused stays fresh', async () => {
    const fakes = fakeStarter();
    const p = newPool(2, fakes.start, { reserve: 0 });
    const a = await p.acquire('A');
    await p.acquire('A'); // A holds both: its next request waits
    const asked = new AbortController();
    const later = p.acquire('A', asked.signal);
    asked.abort(new Error('no chunk left'));
    await expect(later).rejects.toThrow('no chunk left');
    p.putBack(a);
    expect(a.tenant).toBe(undefined);
    expect(p.stats()).toMatchObject({ busy: 1, fresh: 2 }); // it and the spare
    const b = await p.acquire('B');
    expect(b.tenant).toBe('B');
  });

  it('never hands out a child whose reset report does not come; it is recycled', async () => {
    const fakes = fakeStarter();
    const p = newPool(1, fakes.start, { resetTimeoutMs: 30 });
    const silent = await p.acquire('A');
    p.release(silent, false);
    const next = await acquireLater(p, 'A');
    expect(next()).toBe(undefined); // still resetting: neither it nor the spare is handed out
    // judged on the 100 ms watch tick: the first tick past 30 ms
    const deadline = Date.now() + 1_000;
    while (!(silent as Fake).killedFor && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((silent as Fake).killedFor).toBe('reset');
    expect(next()?.pid).not.toBe(silent.pid);
    expect(next()?.tenant).toBe('A');
    expect(p.stats().lastLeftovers).toBe('no report within 30 ms');
    (silent as Fake).report(null); // a report after the deadline changes nothing
    const { idle, fresh } = p.stats();
    expect(idle - fresh).toBe(0); // it did not become idle
  });

  it('kills a child whose CPU time grows past 100 ms while it resets after a reply (probes4 N2)', async () => {
    const fakes = fakeStarter();
    const p = newPool(1, fakes.start); // the reset timeout stays 10 s
    const busy = await p.acquire('A');
    let cpu = 500;
    busy.cpuMs = () => cpu;
    p.release(busy, false);
    // C work in the child's reset that reads no budget: 150 ms of CPU per 100 ms watch tick
    const burn = setInterval(() => {
      cpu += 150;
    }, 100);
    try {
      const deadline = Date.now() + 2_000;
      while (!(busy as Fake).killedFor && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      clearInterval(burn);
    }
    expect((busy as Fake).killedFor).toBe('reset');
    expect(p.stats().lastLeftovers).toBe(
      'the eval left work that ran after its batch was reported (over 100 ms of CPU while the child reset)',
    );
    (busy as Fake).report(null); // a report after the kill changes nothing
    const next = await p.acquire('A');
    expect(next.pid).not.toBe(busy.pid);
  });

  it('leaves a resetting child whose CPU time stays flat to its report', async () => {
    const fakes = fakeStarter();
    const p = newPool(1, fakes.start);
    const child = await p.acquire('A');
    child.cpuMs = () => 500;
    p.release(child, false);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((child as Fake).killedFor).toBe(undefined);
    (child as Fake).report(null);
    expect((await p.acquire('A')).pid).toBe(child.pid);
  });

  it('never hands out a child that died during its reset', async () => {
    const { p, first, next } = await waiterOnResettingChild();
    first.kill('memory'); // exits before reporting
    const second = await next;
    expect(second.pid).not.toBe(first.pid);
    expect(p.stats().processes).toBe(2); // the dead child left the pool; a new spare is coming
  });
});
