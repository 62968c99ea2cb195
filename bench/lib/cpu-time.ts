/**
 * CPU time of this process and of its child processes, for figures that a loaded machine bends
 * less than wall time: a call's wall time includes waiting for a core, its CPU time does not.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuTotals = { host: number; children: number };
/** A reading: this process's CPU (ms) and each child's, by pid. */
export type CpuReading = { host: number; children: Map<number, number> };

/** CPU time (ms) of one process, every thread: the sum of its tasks' `schedstat` run times (ns). */
function processCpuMs(pid: number): number {
  let ns = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    }
  } catch {
    // the process (or one thread) exited meanwhile: counted as far as read
  }
  return ns / 1e6;
}

/** Direct children of this process (Linux; empty elsewhere). */
function childPids(): number[] {
  try {
    return readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Whether per-process CPU time can be read here (Linux with schedstats). */
export function cpuTimeAvailable(): boolean {
  try {
    readFileSync(`/proc/${process.pid}/schedstat`, 'utf8');
    return true;
  } catch {
    return false;
  }
}

/**
 * CPU time so far (ms): this process, all threads, and each direct child, all threads. Compare two
 * readings with `cpuSince`, which counts only the children present at both (a child that exits
 * takes its time with it; one that starts in between is left out, its start-up included).
 */
export function cpuTotals(): CpuReading {
  const usage = process.cpuUsage();
  return {
    host: (usage.user + usage.system) / 1000,
    children: new Map(childPids().map((pid) => [pid, processCpuMs(pid)])),
  };
}

/** CPU (ms) spent since `before`: this process, and the children present at both readings. */
export function cpuSince(before: CpuReading): CpuTotals {
  const now = cpuTotals();
  let children = 0;
  for (const [pid, ms] of now.children) {
    const then = before.children.get(pid);
    if (then !== undefined) {
      children += ms - then;
    }
  }
  return { host: now.host - before.host, children };
}
