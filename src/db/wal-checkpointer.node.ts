import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Slots of the state the two threads share (Int32). */
const WRITES = 0;
const STOP = 1;
const STOPPED = 2;

/** At most one checkpoint this often while writes keep coming (SQLite's default: every ~1,000 pages). */
export const CHECKPOINT_GAP_MS = 100;
/** How long `close()` waits for a checkpoint under way to end. */
const CLOSE_WAIT_MS = 10_000;

/**
 * The thread: its own connection to the file, asleep until a write commits, then one PASSIVE
 * checkpoint (it never waits for a lock and never blocks the writer or readers), at most one per
 * gap. CommonJS source (`eval: true`), so it runs the same from src/ under tsx and from dist/.
 */
const THREAD = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.path, { fileMustExist: true });
  let seen = 0;
  for (;;) {
    Atomics.wait(state, ${WRITES}, seen);
    if (Atomics.load(state, ${STOP}) !== 0) break;
    seen = Atomics.load(state, ${WRITES});
    db.pragma('wal_checkpoint(PASSIVE)');
    Atomics.wait(state, ${STOP}, 0, ${CHECKPOINT_GAP_MS});
    if (Atomics.load(state, ${STOP}) !== 0) break;
  }
} finally {
  try { db?.close(); } finally {
    Atomics.store(state, ${STOPPED}, 1);
    Atomics.notify(state, ${STOPPED});
  }
}
`;

export type WalCheckpointer = {
  /** A write committed on the main connection (cheap: a shared counter and a wake-up). */
  written(): void;
  /** Ends the thread and closes its connection, waiting for a checkpoint under way. */
  close(): void;
};

/**
 * Moves WAL checkpoints off the connection that writes: SQLite's automatic checkpoint runs inside
 * the COMMIT that crosses ~1,000 pages and syncs the database file there (an OTLP request of 1,000
 * spans spent 21 ms per request in commits with it, 5-6 ms without; docs/storage.md). The writer's automatic checkpoint is turned off and a thread of
 * the same process checkpoints after writes on its own connection (the second core, when there
 * is one). The thread starts at the first write, so read-only commands never pay for it; if it
 * cannot run, the writer checkpoints for itself again.
 */
export function walCheckpointer(sqlite: { pragma(source: string): unknown }, path: string) {
  const state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  let worker: Worker | undefined;
  let failed = false;
  const fallBack = () => {
    failed = true;
    sqlite.pragma('wal_autocheckpoint = 1000');
  };
  sqlite.pragma('wal_autocheckpoint = 0');
  const start = () => {
    try {
      worker = new Worker(THREAD, {
        eval: true,
        workerData: {
          state: state.buffer,
          path,
          driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        },
      });
    } catch {
      fallBack();
      return;
    }
    worker.unref();
    worker.on('error', fallBack);
  };
  return {
    written() {
      if (failed) {
        return;
      }
      if (!worker) {
        start();
      }
      Atomics.add(state, WRITES, 1);
      Atomics.notify(state, WRITES);
    },
    close() {
      if (!worker) {
        return;
      }
      Atomics.store(state, STOP, 1);
      Atomics.notify(state, WRITES);
      Atomics.notify(state, STOP);
      Atomics.wait(state, STOPPED, 0, CLOSE_WAIT_MS);
      worker = undefined;
    },
  } satisfies WalCheckpointer;
}
