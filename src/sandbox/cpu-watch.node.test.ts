import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchCpu } from './cpu-watch.node.js';
import type { SandboxWorker } from './worker.node.js';

/** A worker whose CPU time (ms) grows by `perTick[i]` in the i-th second after it is tracked. */
function fakeWorker(perTick: number[]): SandboxWorker & { tick(): void } {
  let cpu = 1000;
  let i = 0;
  return {
    cpuMs: () => cpu,
    tick() {
      cpu += perTick[i++] ?? 0;
    },
  } as unknown as SandboxWorker & { tick(): void };
}

describe('watchCpu', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Tracks the workers, advances `seconds` one at a time; the workers it handed to onBusy, by second. */
  function run(
    workers: (SandboxWorker & { tick(): void })[],
    seconds: number,
  ): Map<number, number> {
    const busy = new Map<number, number>();
    const watch = watchCpu(50, (w) => busy.set(workers.indexOf(w as never), second));
    let second = 0;
    for (const w of workers) {
      watch.idle(w);
    }
    for (second = 1; second <= seconds; second++) {
      for (const w of workers) {
        w.tick();
      }
      vi.advanceTimersByTime(1000);
    }
    watch.stop();
    return busy;
  }

  it("keeps an idle child through V8's own burst (60 ms in one second, 80 in all) under a 50 ms/s limit", () => {
    const burst = [0, 0, 0, 0, 0, 0, 0, 20, 60, 0, 0, 0, 0];
    const twoTicks = [0, 0, 0, 40, 40, 0, 0, 0];
    expect(run([fakeWorker(burst), fakeWorker(twoTicks)], 13)).toEqual(new Map());
  });

  it('kills a child that burns more than the limit, judged over 3 s after the 2 s grace', () => {
    const burning = Array.from({ length: 20 }, () => 80);
    const graceOnly = [900, 900, 0, 0, 0, 0, 0];
    const busy = run([fakeWorker(burning), fakeWorker(graceOnly)], 10);
    // readings from the tick at 2 s; the first judgment, 3 ticks later, at 5 s
    expect(busy).toEqual(new Map([[0, 5]]));
  });

  it('kills a resetting child past 100 ms of CPU after the first tick that saw it, on the same tick as the idle rule', () => {
    const busy: string[] = [];
    const watch = watchCpu(50, () => busy.push('idle'));
    let resetCpu = 500;
    const resetting = { cpuMs: () => resetCpu } as unknown as SandboxWorker;
    const flat = { cpuMs: () => 500 } as unknown as SandboxWorker;
    watch.resetting(resetting, 10_000, (why) => busy.push(`reset ${why}`));
    watch.resetting(flat, 10_000, (why) => busy.push(`flat ${why}`));
    vi.advanceTimersByTime(100); // the first tick reads 500
    resetCpu += 100;
    vi.advanceTimersByTime(100); // exactly 100 ms more: not over
    expect(busy).toEqual([]);
    resetCpu += 10;
    vi.advanceTimersByTime(100);
    expect(busy).toEqual(['reset cpu']);
    // a child that reported itself clean is judged by the idle rule from then on, not this one
    watch.idle(flat);
    vi.advanceTimersByTime(1000);
    expect(busy).toEqual(['reset cpu']);
    watch.stop();
  });

  it('hands on a resetting child that has not reported within its deadline, at the first tick past it', () => {
    const late: string[] = [];
    const watch = watchCpu(50, () => late.push('idle'));
    const flat = { cpuMs: () => 500 } as unknown as SandboxWorker;
    watch.resetting(flat, 250, (why) => late.push(why));
    vi.advanceTimersByTime(200);
    expect(late).toEqual([]);
    vi.advanceTimersByTime(100); // the tick at 300 ms is the first past 250
    expect(late).toEqual(['late']);
    vi.advanceTimersByTime(1000); // once
    expect(late).toEqual(['late']);
    watch.stop();
  });
});
