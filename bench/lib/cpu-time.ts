/**
 * The one CPU-time reader of the benchmarks: this process and its process tree, for figures that a
 * loaded machine bends less than wall time (a call's wall time includes waiting for a core, its
 * CPU time does not).
 *
 * Nothing is lost when a thread or a process exits between two readings:
 * - this process: `process.cpuUsage()` (getrusage, µs), which keeps the time of its exited threads;
 * - its descendants, live: `/proc/<pid>/stat` utime + stime (the whole thread group, exited
 *   threads included) + cutime + cstime (their children they have waited for);
 * - its descendants that exited: this process's own cutime + cstime once it has waited for them
 *   (Node waits for every child it spawned), or their parent's once that parent has.
 *
 * `/proc/<pid>/stat` counts in clock ticks (10 ms), so a child's figure is exact to about 10 ms per
 * process per reading: read it over calls that add up to much more than that. (Per-thread
 * `schedstat` is finer but forgets a thread once it exits, and `/proc/<pid>/schedstat` is the main
 * thread's alone.) A descendant whose parent exits before it is re-parented out of the tree and
 * no longer counted.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time in ms: this process (all threads), and its descendants (live and exited). */
export type CpuReading = { host: number; children: number };

const TICK_MS = 10;

type Stat = { ppid: number; ownMs: number; waitedMs: number };

/** Fields of /proc/<pid>/stat after the command name: ppid, utime+stime, cutime+cstime (ms). */
function readStat(pid: number | string): Stat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // after ") ": state is field 3; ppid 4, utime 14, stime 15, cutime 16, cstime 17
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return {
      ppid: f[1] ?? 0,
      ownMs: ((f[11] ?? 0) + (f[12] ?? 0)) * TICK_MS,
      waitedMs: ((f[13] ?? 0) + (f[14] ?? 0)) * TICK_MS,
    };
  } catch {
    return null; // the process ended while we read, or there is no /proc
  }
}

/** Whether the process tree's CPU time can be read here (Linux /proc). */
export function cpuTimeAvailable(): boolean {
  return readStat(process.pid) !== null;
}

/** CPU time so far (ms) of this process and of its whole process tree. */
export function cpuReading(): CpuReading {
  const stats = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    if (/^\d+$/.test(name)) {
      const s = readStat(name);
      if (s) {
        stats.set(Number(name), s);
      }
    }
  }
  const inTree = (pid: number, depth = 0): boolean => {
    const ppid = stats.get(pid)?.ppid ?? 0;
    return ppid === process.pid || (ppid > 1 && depth < 64 && inTree(ppid, depth + 1));
  };
  let children = stats.get(process.pid)?.waitedMs ?? 0;
  for (const [pid, s] of stats) {
    if (pid !== process.pid && inTree(pid)) {
      children += s.ownMs + s.waitedMs;
    }
  }
  const usage = process.cpuUsage();
  return { host: (usage.user + usage.system) / 1000, children };
}

/** CPU time (ms) spent since `before`, by this process and by its process tree. */
export function cpuSince(before: CpuReading): CpuReading {
  const now = cpuReading();
  return { host: now.host - before.host, children: now.children - before.children };
}

/**
 * CPU time so far (ms) of one thread of this process, by `/proc/self/task/<tid>/schedstat` (ns,
 * exact); `tid` defaults to the main thread (the one running JavaScript). NaN where there is no
 * /proc or the thread has exited. `process.cpuUsage()` counts every thread, V8's own included.
 */
export function threadCpuMs(tid: number | string = process.pid): number {
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** The ids of this process's threads alive now (none where there is no /proc). */
export function threadIds(): string[] {
  try {
    return readdirSync('/proc/self/task');
  } catch {
    return [];
  }
}
