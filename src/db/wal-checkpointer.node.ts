import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';

/** Slots of the state a database shares with the thread (Int32). */
const WRITES = 0;
const STOP = 1;
const STOPPED = 2;

/** At most one checkpoint of a database this often while writes keep coming (SQLite's default: every ~1,000 pages). */
export const CHECKPOINT_GAP_MS = 100;
/** How long `close()` waits for a checkpoint under way to end. */
const CLOSE_WAIT_MS = 10_000;

/**
 * The thread, one per process: a connection of its own to each database it was sent, asleep until
 * a write commits in one of them (or one is sent or closed), then one PASSIVE checkpoint of each
 * database written since its last (it never waits for a lock and never blocks the writer or
 * readers), at most one per database per gap. CommonJS source (`eval: true`), so it runs the same
 * from src/ under tsx and from dist/.
 */
const THREAD = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const wake = new Int32Array(workerData.wake);
const port = workerData.port;
const open = new Set();
let woken = 0;
const stop = (d) => {
  try { d.db?.close(); } finally {
    open.delete(d);
    Atomics.store(d.state, ${STOPPED}, 1);
    Atomics.notify(d.state, ${STOPPED});
  }
};
for (;;) {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const d = { state: new Int32Array(m.message.state), seen: 0, next: 0, db: undefined };
    open.add(d);
    try { d.db = new Database(m.message.path, { fileMustExist: true }); } catch { stop(d); }
  }
  let waitMs = Infinity;
  for (const d of open) {
    if (Atomics.load(d.state, ${STOP}) !== 0) { stop(d); continue; }
    const writes = Atomics.load(d.state, ${WRITES});
    if (writes === d.seen) continue;
    const now = Date.now();
    if (now < d.next) { waitMs = Math.min(waitMs, d.next - now); continue; }
    d.seen = writes;
    d.next = now + ${CHECKPOINT_GAP_MS};
    // PASSIVE reports a busy database in its result row, so what throws is the file itself (I/O,
    // corruption): the thread stops serving it and the writer checkpoints for itself again,
    // where the same error reaches the request that commits
    try { d.db.pragma('wal_checkpoint(PASSIVE)'); } catch { stop(d); }
  }
  Atomics.wait(wake, 0, woken, waitMs);
  woken = Atomics.load(wake, 0);
}
`;

export type WalCheckpointer = {
  /** A write committed on the main connection (cheap: a shared counter and a wake-up). */
  written(): void;
  /** Closes the thread's connection to this database, waiting for a checkpoint under way. */
  close(): void;
};

type Thread = { wake: Int32Array; port: MessagePort; failed: Set<() => void> };
/** The process's checkpoint thread, started at the first write of any database. */
let thread: Thread | undefined;

function startThread(): Thread {
  const wake = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: {
      wake: wake.buffer,
      port: port2,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  const started: Thread = { wake, port: port1, failed: new Set() };
  worker.on('error', () => {
    if (thread === started) {
      thread = undefined;
    }
    for (const fallBack of started.failed) {
      fallBack();
    }
  });
  return started;
}

const wakeUp = (t: Thread) => {
  Atomics.add(t.wake, 0, 1);
  Atomics.notify(t.wake, 0);
};

/**
 * Moves WAL checkpoints off the connection that writes: SQLite's automatic checkpoint runs inside
 * the COMMIT that crosses ~1,000 pages and syncs the database file there (an OTLP request of 1,000
 * spans spent 21 ms per request in commits with it, 5-6 ms without; docs/storage.md). The writer's
 * automatic checkpoint is turned off and a thread of the same process checkpoints after writes on
 * its own connection (the second core, when there is one). One thread serves every database of
 * the process (starting a thread costs about 25-40 ms of CPU: bench/README.md). It starts at the
 * first write, so read-only commands never pay for it; if it cannot run, or cannot open or
 * checkpoint a database, that database's writer checkpoints for itself again.
 */
export function walCheckpointer(sqlite: { pragma(source: string): unknown }, path: string) {
  const state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  let served: Thread | undefined;
  let failed = false;
  const fallBack = () => {
    failed = true;
    served = undefined;
    sqlite.pragma('wal_autocheckpoint = 1000');
  };
  sqlite.pragma('wal_autocheckpoint = 0');
  const start = () => {
    try {
      thread ??= startThread();
      thread.port.postMessage({ path, state: state.buffer });
      thread.failed.add(fallBack);
      served = thread;
    } catch {
      fallBack();
    }
  };
  return {
    written() {
      if (failed) {
        return;
      }
      if (!served) {
        start();
      } else if (Atomics.load(state, STOPPED) !== 0) {
        // the thread could not open or checkpoint this database (and stopped serving it) while
        // the process's other databases keep it running: this writer checkpoints for itself again
        fallBack();
        return;
      }
      Atomics.add(state, WRITES, 1);
      if (served) {
        wakeUp(served);
      }
    },
    close() {
      if (!served) {
        return;
      }
      Atomics.store(state, STOP, 1);
      wakeUp(served);
      Atomics.wait(state, STOPPED, 0, CLOSE_WAIT_MS);
      served.failed.delete(fallBack);
      served = undefined;
    },
  } satisfies WalCheckpointer;
}
