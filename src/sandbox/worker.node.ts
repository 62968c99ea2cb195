import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  ftruncateSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childArgs, type LaunchPlan } from './layers.node.js';
import { everyWatchTick, openProcFiles, type ProcFiles } from './proc-watch.node.js';

export type ChildMessage = { t: string; id?: number; [key: string]: unknown };
export type KillReason =
  | 'timeout'
  | 'memory'
  | 'recycle'
  | 'close'
  | 'protocol'
  | 'idle-cpu'
  | 'reset';

export type SandboxWorker = {
  readonly pid: number;
  /** Resolves with the start-up time in ms once the child is ready; rejects if it dies first. */
  readonly ready: Promise<number>;
  runs: number;
  /** The workspace whose evals this child runs; undefined until it runs its first batch. */
  tenant?: string;
  listen(handler: ((m: ChildMessage) => void) | null): void;
  /**
   * The batch lines ("loaded", "r") the child appended to its results file since the last call;
   * null when the file holds something that is not a line of ours (the caller kills the child).
   * Given the batch's `done` message: the lines it carries, when they are all the file holds
   * unread (then the file is not read; see runner/child.mjs, batchWriter).
   */
  takeResults(done?: ChildMessage): ChildMessage[] | null;
  /**
   * Puts a batch's bytes in the child's batch file, which the child reads when the `run` message
   * that follows names their length: 4 MB through the IPC pipe took 64 wake-ups of both processes.
   */
  writeBatch(parts: readonly Uint8Array[]): void;
  /** After each batch the child reports once: clean (null) or what it left behind (then exits). */
  onReset(handler: ((leftovers: string | null) => void) | null): void;
  /** Calls `handler` when the child exits; returns a function that removes it. */
  onExit(handler: (info: ExitInfo) => void): () => void;
  send(message: unknown): void;
  kill(reason: KillReason): void;
  rssBytes(): number | null;
  /** User + system CPU time of the child so far (ms, 10 ms resolution), null without /proc. */
  cpuMs(): number | null;
  readonly exited: boolean;
};

export type ExitInfo = {
  code: number | null;
  signal: string | null;
  reason?: KillReason;
  fatal?: string;
};

export type WorkerOptions = {
  plan: LaunchPlan;
  runtimeDir: string;
  memoryCapBytes: number;
  snapshotFile?: string;
  mode?: 'serve' | 'check' | 'make-snapshot';
  /** Tests only: a fixture script that wraps runner/child.mjs (it must be readable by the child). */
  entry?: string;
  rssLimitBytes: number;
};

const STDERR_KEEP = 4096;
const MAX_LINE_CHARS = 4 * 1024 * 1024;

/**
 * Decodes one line of the pipe (fd 4; see runner/child.mjs). `D` (`done`) may carry the batch's
 * result lines, with the bytes the child wrote to its results file in all after them (`end`) and
 * their own length (`bytes`).
 */
function parseLine(line: string): ChildMessage | null {
  if (line.startsWith('D\t')) {
    return parseDone(line);
  }
  const [kind, id, ...rest] = line.split('\t');
  if (kind === 'Z' && id === undefined) {
    return { t: 'clean' };
  }
  if (kind === 'X') {
    return { t: 'dirty', leftovers: [id, ...rest].filter((x) => x !== undefined).join(' ') };
  }
  return null;
}

function parseDone(line: string): ChildMessage | null {
  const fields = line.split('\t', 4);
  if (fields.length === 2) {
    return { t: 'done', id: Number(fields[1]) };
  }
  if (fields.length < 4) {
    return null;
  }
  // the lines after the fourth tab (their own tabs included)
  const at = (fields as string[]).reduce((sum, f) => sum + f.length + 1, 0);
  return {
    t: 'done',
    id: Number(fields[1]),
    end: Number(fields[2]),
    bytes: Number(fields[3]),
    lines: line.slice(at),
  };
}

/**
 * Decodes one line of the results file (fd 5): `at` is when the child wrote it (epoch ms). `F`
 * (`left`): Python code began to run in the release after trace `i` returned (runner/child.mjs),
 * or, with a fifth field, trace `i` raised that exception and its `__str__` runs now. `O`
 * (`output`): what trace `i` printed so far, a JSON string (kept for a TIMEOUT).
 */
function parseResultLine(line: string): ChildMessage | null {
  const [kind, id, a, b, ...rest] = line.split('\t');
  if (kind === 'L' && b !== undefined) {
    return { t: 'loaded', id: Number(id), at: Number(a), json: [b, ...rest].join('\t') };
  }
  if (kind === 'F' && b !== undefined && rest.length <= 1) {
    return { t: 'left', id: Number(id), i: Number(a), at: Number(b), raised: rest[0] };
  }
  if (kind === 'O' && b !== undefined && rest.length > 0) {
    return { t: 'output', id: Number(id), i: Number(a), at: Number(b), json: rest.join('\t') };
  }
  if (kind === 'R' && b !== undefined && rest.length > 0) {
    return { t: 'r', id: Number(id), i: Number(a), at: Number(b), json: rest.join('\t') };
  }
  return null;
}

/** Starts one sandbox child. Its stdout/stderr are drained and kept only as a short tail. */
export function startWorker(options: WorkerOptions): SandboxWorker {
  const results = openResultsFile();
  let child: ChildProcess;
  let batchFd = -1;
  try {
    const batch = openPrivateFile('batch', constants.O_RDONLY);
    results.batchFd = batch.fd;
    batchFd = batch.childFd;
    child = spawnChild(options, results.appendFd, batchFd);
  } catch (error) {
    closeResults(results);
    throw error;
  } finally {
    closeSync(results.appendFd);
    if (batchFd >= 0) {
      closeSync(batchFd);
    }
  }
  const proc = openProcFiles(child.pid); // now: the child cannot be reaped before this returns
  const stderrTail = keepTail(child);
  const state: ChildState = {
    handler: null,
    resetHandler: null,
    unheardReset: null,
    exitHandlers: [],
    exited: false,
    results,
    proc,
  };
  const kill = (reason: KillReason) => {
    if (!state.exited) {
      state.killReason ??= reason;
      child.kill('SIGKILL');
    }
  };
  readResultLines(child, state, () => kill('protocol'));
  const ready = watchLifecycle(child, state, stderrTail);
  const worker: SandboxWorker = {
    pid: child.pid ?? -1,
    ready,
    runs: 0,
    listen: (h) => {
      state.handler = h;
    },
    onExit: (h) => {
      state.exitHandlers.push(h);
      return () => {
        const i = state.exitHandlers.indexOf(h);
        if (i >= 0) {
          state.exitHandlers.splice(i, 1);
        }
      };
    },
    onReset: (h) => {
      state.resetHandler = h;
      const unheard = state.unheardReset;
      if (h && unheard) {
        state.unheardReset = null;
        h(unheard.leftovers);
      }
    },
    takeResults: (done) => takeResults(state.results, done),
    writeBatch: (parts) => {
      if (!results.closed) {
        writeBatchFile(results, parts);
      }
    },
    send: (message) => {
      if (!state.exited && child.connected) {
        child.send(message as never);
      }
    },
    kill,
    rssBytes: () => proc.rssBytes(),
    cpuMs: () => proc.cpuMs(),
    get exited() {
      return state.exited;
    },
  };
  state.stopWatch = watchRss(worker, options.rssLimitBytes, results);
  return worker;
}

type ChildState = {
  handler: ((m: ChildMessage) => void) | null;
  resetHandler: ((leftovers: string | null) => void) | null;
  /** A reset report that arrived before anyone listened (it often shares a read with the batch's end). */
  unheardReset: { leftovers: string | null } | null;
  exitHandlers: ((info: ExitInfo) => void)[];
  killReason?: KillReason;
  /** Stops the RSS watch (when the child exits). */
  stopWatch?: () => void;
  proc: ProcFiles;
  exited: boolean;
  fatal?: string;
  results: ResultsFile;
};

/**
 * The child's results file: created, opened twice (the host's fd reads it; the child inherits one
 * that can only append) and unlinked at once, so nothing else can open it. `readAt`: the offset
 * after the last whole line the host read. `batchFd`: the host's fd of the child's batch file,
 * made the same way (the child's fd can only read it); it holds the last batch (the child read it).
 */
type ResultsFile = {
  fd: number;
  appendFd: number;
  batchFd: number;
  /** The length of the last batch written. */
  batchSize: number;
  readAt: number;
  /** Bytes read (or taken from a `done` message) since the child started; never reset. */
  consumed: number;
  /** Where the host reads new lines into (kept from one read to the next, up to 1 MB). */
  readBuf: Buffer;
  closed: boolean;
};

/** A file larger than this holds more than any batch writes (250 traces at every cap): kill. */
const MAX_RESULTS_BYTES = 128 * 1024 * 1024;

function openResultsFile(): ResultsFile {
  const { fd, childFd } = openPrivateFile('results', constants.O_WRONLY | constants.O_APPEND);
  return {
    fd,
    appendFd: childFd,
    batchFd: -1,
    batchSize: 0,
    readAt: 0,
    consumed: 0,
    readBuf: Buffer.allocUnsafe(READ_BUF_BYTES),
    closed: false,
  };
}

/** A new file opened for the host (read-write) and for the child (`childFlags`), then unlinked. */
function openPrivateFile(kind: string, childFlags: number): { fd: number; childFd: number } {
  const file = path.join(
    tmpdir(),
    `iofold-${kind}-${process.pid}-${randomBytes(8).toString('hex')}`,
  );
  const fd = openSync(file, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    return { fd, childFd: openSync(file, childFlags) };
  } catch (error) {
    closeSync(fd);
    throw error;
  } finally {
    unlinkSync(file);
  }
}

/** Past this, the batch file is emptied before the next batch (smaller ones overwrite it). */
const KEEP_BATCH_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Writes a batch over the last one (overwriting pages costs a fifth of the CPU of writing into an
 * emptied file: 0.16 against 0.8 ms for 4 MB); the child reads only the new batch's length.
 */
function writeBatchFile(file: ResultsFile, parts: readonly Uint8Array[]): void {
  if (file.batchSize > KEEP_BATCH_FILE_BYTES) {
    ftruncateSync(file.batchFd, 0);
  }
  let position = 0;
  for (const part of parts) {
    for (let at = 0; at < part.byteLength; ) {
      const n = writeSync(file.batchFd, part, at, part.byteLength - at, position);
      at += n;
      position += n;
    }
  }
  file.batchSize = position;
}

/** Past this, the results file is emptied when the child reports its reset. */
const KEEP_RESULTS_BYTES = 1024 * 1024;

/**
 * Once a batch is over and the child reported its reset: empties the results file when it holds
 * more than KEEP_RESULTS_BYTES (an ftruncate on every batch cost 20-45 us of the host's CPU).
 * Lines a finished batch left unread are read with the next batch's and skipped (their id).
 */
function clearResults(file: ResultsFile): void {
  if (!file.closed && file.readAt > KEEP_RESULTS_BYTES) {
    ftruncateSync(file.fd, 0);
    file.readAt = 0;
  }
}

function closeResults(file: ResultsFile): void {
  if (!file.closed) {
    file.closed = true;
    closeSync(file.fd);
    if (file.batchFd >= 0) {
      closeSync(file.batchFd);
    }
  }
}

function takeResults(file: ResultsFile, done?: ChildMessage): ChildMessage[] | null {
  if (file.closed) {
    return [];
  }
  if (done && carriesUnread(file, done)) {
    file.readAt += done.bytes as number;
    file.consumed += done.bytes as number;
    return parseResultLines(String(done.lines).split(INLINE_SEP));
  }
  const got = readToEnd(file);
  if (got < 0) {
    return null;
  }
  const buf = file.readBuf;
  // only whole lines: a write may be under way at the end
  const end = got > 0 ? buf.lastIndexOf(0x0a, got - 1) : -1;
  if (end < 0) {
    return got > MAX_LINE_CHARS ? null : [];
  }
  file.readAt += end + 1;
  file.consumed += end + 1;
  const text = buf.toString('utf8', 0, end);
  if (buf.length > KEEP_READ_BUF_BYTES) {
    file.readBuf = Buffer.allocUnsafe(READ_BUF_BYTES);
  }
  return parseResultLines(text.split('\n'));
}

/**
 * Whether a `done` message carries every line the results file holds unread: the lines that take
 * `bytes`, after which the child had written `end` bytes to the file in all, start where the host
 * stopped reading (it read or took `consumed` bytes in all; an emptied file changes neither count).
 */
function carriesUnread(file: ResultsFile, done: ChildMessage): boolean {
  const { end, bytes, lines } = done;
  return (
    typeof lines === 'string' &&
    typeof end === 'number' &&
    typeof bytes === 'number' &&
    Number.isSafeInteger(end) &&
    bytes > 0 &&
    bytes <= MAX_LINE_CHARS &&
    file.consumed === end - bytes
  );
}

/** Between the result lines a `done` message carries (runner/child.mjs, batchWriter). */
const INLINE_SEP = '\x1e';

function parseResultLines(lines: string[]): ChildMessage[] | null {
  const out: ChildMessage[] = [];
  for (const line of lines) {
    const m = line.length <= MAX_LINE_CHARS ? parseResultLine(line) : null;
    if (!m) {
      return null;
    }
    out.push(m);
  }
  return out;
}

const READ_BUF_BYTES = 16 * 1024;
const KEEP_READ_BUF_BYTES = 1024 * 1024;

/**
 * Reads the file from `readAt` to its end into `readBuf` (grown as needed) without asking its size
 * first (an fstat built a Stats object on every read); the bytes read, or -1 past
 * MAX_RESULTS_BYTES. A short read of a regular file is its end.
 */
function readToEnd(file: ResultsFile): number {
  let got = 0;
  for (;;) {
    if (got === file.readBuf.length) {
      const bigger = Buffer.allocUnsafe(file.readBuf.length * 2);
      file.readBuf.copy(bigger, 0, 0, got);
      file.readBuf = bigger;
    }
    const want = file.readBuf.length - got;
    const n = readSync(file.fd, file.readBuf, got, want, file.readAt + got);
    got += n;
    if (file.readAt + got > MAX_RESULTS_BYTES) {
      return -1;
    }
    if (n < want) {
      return got;
    }
  }
}

/** Spawns the child under the plan's layers; an idle child never keeps the server process alive. */
function spawnChild(options: WorkerOptions, resultsFd: number, batchFd: number): ChildProcess {
  const tail = [String(options.memoryCapBytes), options.mode ?? 'serve'];
  if (options.snapshotFile) {
    tail.push(options.snapshotFile);
  }
  const child = spawn(
    options.plan.command,
    childArgs(options.plan, options.runtimeDir, tail, options.entry),
    {
      env: {},
      stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe', resultsFd, batchFd],
      serialization: 'advanced',
      cwd: '/',
    },
  );
  // The sandbox refs the loop while a call is pending (keepLoopAliveWhileBusy).
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr, child.stdio[4]]) {
    (stream as { unref?: () => void } | null)?.unref?.();
  }
  return child;
}

/** Drains stdout and stderr, keeping the last few KB for error messages. */
function keepTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-STDERR_KEEP);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

/** Splits fd 4 into lines: reset reports go to the reset handler, the rest to the listener. */
function readResultLines(child: ChildProcess, state: ChildState, invalid: () => void): void {
  const results = child.stdio[4] as NodeJS.ReadableStream | null;
  let pending = '';
  results?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    if (pending.length > MAX_LINE_CHARS && !pending.includes('\n')) {
      invalid();
      pending = '';
      return;
    }
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const m = parseLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      if (m?.t === 'clean' || m?.t === 'dirty') {
        // the batch is over and read: its lines go (the child writes none until the next batch),
        // here rather than when the call returns, off the path of a call that finds the child idle
        clearResults(state.results);
        const leftovers = m.t === 'clean' ? null : String(m.leftovers);
        if (state.resetHandler) {
          state.resetHandler(leftovers);
        } else {
          state.unheardReset = { leftovers };
        }
      } else if (m) {
        state.handler?.(m);
      } else {
        invalid();
      }
      nl = pending.indexOf('\n');
    }
  });
}

/**
 * Passes IPC messages to the listener; resolves with the start-up time once the child says ready;
 * on exit, stops the RSS watch and tells the exit handlers.
 */
function watchLifecycle(
  child: ChildProcess,
  state: ChildState,
  stderrTail: () => string,
): Promise<number> {
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      if (m?.t === 'ready') {
        resolve(Number(m.ms));
      } else if (m?.t === 'fatal') {
        state.fatal = String(m.message).slice(0, 4000);
      }
      state.handler?.(m);
    });
    child.on('error', (e) => {
      reject(e);
      closeResults(state.results);
    });
    child.on('exit', (code, signal) => {
      state.exited = true;
      state.stopWatch?.();
      state.proc.close();
      const info: ExitInfo = {
        code,
        signal,
        reason: state.killReason,
        fatal: state.fatal ?? stderrTail().trim(),
      };
      reject(new Error(`sandbox child exited before ready (${code ?? signal}): ${info.fatal}`));
      for (const h of [...state.exitHandlers]) {
        h(info);
      }
      closeResults(state.results);
    });
  });
  ready.catch(() => {});
  return ready;
}

/**
 * Every 100 ms (one timer for all children): kills the child past its RSS limit (0 turns that
 * off), or when its results file grows past what any batch writes (an escaped child filling the
 * disk). Returns a function that stops the watch.
 */
function watchRss(worker: SandboxWorker, limitBytes: number, results: ResultsFile): () => void {
  const probe = Buffer.allocUnsafe(1);
  return everyWatchTick(() => {
    const rss = limitBytes > 0 ? worker.rssBytes() : null;
    if (rss !== null && rss > limitBytes) {
      worker.kill('memory');
    } else if (!results.closed && readSync(results.fd, probe, 0, 1, MAX_RESULTS_BYTES) > 0) {
      // a byte at that offset: the file is longer (one pread, where fstat built a Stats object)
      worker.kill('protocol');
    }
  });
}
