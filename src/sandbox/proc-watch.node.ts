import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/**
 * A child's `/proc` files, opened once as it starts: a reading is then one `pread` (2–4 µs of CPU
 * against 8–17 µs to open, read and close `/proc/<pid>/status` each time). An open `/proc/<pid>`
 * file stays bound to that process: once it has exited, reads fail (null) and never see another
 * process that reuses its pid.
 */
export type ProcFiles = {
  /** Resident set size (bytes), null without /proc or once the process is gone. */
  rssBytes(): number | null;
  /** User + system CPU time so far (ms, 10 ms resolution), null likewise. */
  cpuMs(): number | null;
  close(): void;
};

const TICK_MS = 10;

/** Opens `/proc/<pid>/statm` and `/proc/<pid>/stat`; call it before the child can be reaped. */
export function openProcFiles(pid: number | undefined): ProcFiles {
  const statm = pid ? openProc(`/proc/${pid}/statm`) : -1;
  const stat = pid ? openProc(`/proc/${pid}/stat`) : -1;
  const buf = Buffer.allocUnsafe(512);
  let closed = false;
  // never after close: the fd's number may be another file's by then
  const read = (fd: number): string | null => {
    if (fd < 0 || closed) {
      return null;
    }
    try {
      const n = readSync(fd, buf, 0, buf.length, 0);
      return n > 0 ? buf.toString('latin1', 0, n) : null;
    } catch {
      return null;
    }
  };
  return {
    rssBytes: () => {
      // "size resident shared ...", in pages
      const pages = Number(read(statm)?.split(' ')[1]);
      return Number.isFinite(pages) ? pages * pageSize() : null;
    },
    cpuMs: () => {
      const text = read(stat);
      if (text === null) {
        return null;
      }
      // fields after the ")" closing the command name: state is field 3, utime 14, stime 15
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      return Number.isFinite(ms) ? ms : null;
    },
    close: () => {
      if (!closed) {
        closed = true;
        for (const fd of [statm, stat]) {
          if (fd >= 0) {
            closeSync(fd);
          }
        }
      }
    },
  };
}

function openProc(file: string): number {
  try {
    return openSync(file, 'r');
  } catch {
    return -1;
  }
}

let pageBytes: number | undefined;

/**
 * The page size `statm` counts in, from this process's own RSS read both ways (Node has no
 * sysconf): the nearest power of two of their ratio; 4096 when /proc cannot say.
 */
function pageSize(): number {
  if (pageBytes === undefined) {
    pageBytes = 4096;
    try {
      const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
      if (pages > 0 && kb > 0) {
        pageBytes = 2 ** Math.round(Math.log2((kb * 1024) / pages));
      }
    } catch {
      // no /proc: every reading is null anyway
    }
  }
  return pageBytes;
}

const checks = new Set<() => void>();
let ticker: NodeJS.Timeout | undefined;

/**
 * Runs `check` every `WATCH_MS` on one timer shared by every child of this process (one wake-up
 * per tick, not one per child); returns a function that stops it. The timer never keeps the
 * process alive and stops when nothing is watched.
 */
export function everyWatchTick(check: () => void): () => void {
  checks.add(check);
  if (!ticker) {
    ticker = setInterval(() => {
      for (const c of [...checks]) {
        c();
      }
    }, WATCH_MS);
    ticker.unref();
  }
  return () => {
    checks.delete(check);
    if (checks.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
}

export const WATCH_MS = 100;
