import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { cpuReading, cpuSince, cpuTimeAvailable } from '../bench/lib/cpu-time';

/**
 * Source of a thread that burns 300 ms of its own CPU (its `/proc/thread-self/schedstat`), then
 * hands `report` the CPU it measured and ends.
 */
const BURN_THREAD = (report: string) => `
const { readFileSync } = require('node:fs');
const own = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
while (own() < 300) {}
${report}(own());
`;

/** A worker thread of this process that burns CPU and exits: the CPU it measured itself (ms). */
function threadThatExits(): Promise<number> {
  return new Promise((resolve, reject) => {
    let ms = 0;
    const w = new Worker(BURN_THREAD("require('node:worker_threads').parentPort.postMessage"), {
      eval: true,
    });
    w.on('message', (m: number) => {
      ms = m;
    });
    w.on('error', reject);
    w.on('exit', () => resolve(ms));
  });
}

/**
 * A child process whose worker thread burns CPU and exits; the child prints the thread's CPU (ms)
 * and then stays alive (`stay`) or exits.
 */
function childWithThread(stay: boolean) {
  const child = spawn(process.execPath, [
    '-e',
    `const { Worker } = require('node:worker_threads');
     const w = new Worker(${JSON.stringify(BURN_THREAD("require('node:worker_threads').parentPort.postMessage"))}, { eval: true });
     w.on('message', (ms) => { console.log(ms); });
     w.on('exit', () => { if (${stay}) setInterval(() => {}, 1000); });`,
  ]);
  const threadMs = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { child, threadMs, closed };
}

// /proc/<pid>/stat counts in 10 ms clock ticks: up to one tick each of utime and stime is cut off
const TICKS = 20;

describe.skipIf(!cpuTimeAvailable())('bench CPU time (process tree, /proc)', () => {
  it('keeps the time of a thread of this process that exits between readings', async () => {
    const before = cpuReading();
    const threadMs = await threadThatExits();
    const got = cpuSince(before);
    expect(threadMs).toBeGreaterThanOrEqual(300);
    expect(got.host).toBeGreaterThanOrEqual(threadMs);
  });

  it('keeps the time of a child process that exits between readings', async () => {
    const before = cpuReading();
    const { threadMs, closed } = childWithThread(false);
    const ms = await threadMs;
    await closed;
    const got = cpuSince(before);
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(got.children).toBeGreaterThanOrEqual(ms - TICKS);
  });

  it('keeps the time of a thread that exits inside a child that lives on', async () => {
    const before = cpuReading();
    const { child, threadMs, closed } = childWithThread(true);
    const ms = await threadMs;
    await new Promise((resolve) => setTimeout(resolve, 200)); // the thread has ended
    const live = cpuSince(before);
    child.kill();
    await closed;
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(live.children).toBeGreaterThanOrEqual(ms - TICKS);
  });
});
