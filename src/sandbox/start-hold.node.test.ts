import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdStarts, type StartHold } from './start-hold.node.js';

// The start hold's rules with fake children: a starting child is stopped only while a batch runs,
// for at most the hold's limit per batch and half of its time since its spawn, and continued once
// no batch runs (after the ending batch's caller had its answer) or when its start is over.

type Fake = { hold(held: boolean): void; calls: boolean[]; held: boolean };

function fake(): Fake {
  const f: Fake = {
    calls: [],
    held: false,
    hold(held) {
      f.calls.push(held);
      f.held = held;
    },
  };
  return f;
}

let hold: StartHold;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
  hold = holdStarts(25);
});
afterEach(() => {
  hold.stop();
  vi.useRealTimers();
});

describe('holdStarts', () => {
  it('holds a starting child while a batch runs and continues it after the batch', () => {
    const child = fake();
    hold.started(child);
    expect(child.calls).toEqual([]); // no batch runs: it starts freely
    vi.advanceTimersByTime(100);
    hold.batches(1);
    expect(child.held).toBe(true);
    hold.batches(2);
    hold.batches(1);
    expect(child.calls).toEqual([true]); // one hold for the batches that overlap
    hold.batches(0);
    expect(child.held).toBe(true); // not before the ending batch's answer is handed on
    vi.advanceTimersToNextTimer();
    expect(child.calls).toEqual([true, false]);
  });

  it('holds a child spawned while a batch runs at once', () => {
    hold.batches(1);
    const child = fake();
    hold.started(child);
    expect(child.held).toBe(true);
    hold.batches(0);
    vi.runAllTimers();
    expect(child.held).toBe(false);
  });

  it('continues the child once a batch held it for the limit', () => {
    const child = fake();
    hold.started(child);
    vi.advanceTimersByTime(1000);
    hold.batches(1);
    vi.advanceTimersByTime(24);
    expect(child.held).toBe(true);
    vi.advanceTimersByTime(1);
    expect(child.held).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(child.calls).toEqual([true, false]); // not again within the same batch
  });

  it('holds a child for at most half of the time since its spawn', () => {
    const child = fake();
    hold.started(child);
    vi.advanceTimersByTime(20);
    hold.batches(1);
    vi.advanceTimersByTime(20); // held 20 of 40 ms
    hold.batches(0);
    vi.runAllTimers();
    hold.batches(1); // at 40 ms: held half of its time, so once more
    expect(child.held).toBe(true);
    vi.advanceTimersByTime(20); // held 40 of 60 ms
    hold.batches(0);
    vi.runAllTimers();
    hold.batches(1);
    expect(child.held).toBe(false); // more than half: it runs beside this batch
    vi.advanceTimersByTime(40); // 100 ms since its spawn, 40 held
    hold.batches(0);
    vi.runAllTimers();
    hold.batches(1);
    expect(child.held).toBe(true);
  });

  it('continues a held child whose start is over, and holds it no more', () => {
    const child = fake();
    const other = fake();
    hold.started(child);
    hold.started(other);
    vi.advanceTimersByTime(100);
    hold.batches(1);
    hold.over(child);
    expect(child.calls).toEqual([true, false]);
    expect(other.held).toBe(true);
    hold.batches(0);
    vi.runAllTimers();
    hold.batches(1);
    expect(child.calls).toEqual([true, false]);
    expect(other.held).toBe(true);
  });

  it('a batch that begins before the continue keeps the child held, without a second stop', () => {
    const child = fake();
    hold.started(child);
    vi.advanceTimersByTime(100);
    hold.batches(1);
    hold.batches(0);
    hold.batches(1);
    vi.runAllTimers(); // the continue and the hold's limit
    expect(child.calls).toEqual([true, false]);
  });
});
