import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '@/core/errors';
import { packagePath } from '@/core/package-path.node.js';
import type { IngestThreads, ThreadPlannedIngest } from '@/core/ports/ingest-threads';
import type { ThreadReply, ThreadRequest } from './ingest-thread.node.js';

export type IngestThreadPool = {
  /** The threads, planning into the embedded database at `path` (one pool serves any number). */
  forDatabase(path: string): IngestThreads;
  /** Ends the threads; requests under way answer null (their callers ingest in their own thread). */
  close(): Promise<void>;
};

type Pending = { resolve(plan: ThreadPlannedIngest | null): void; reject(error: unknown): void };
type Thread = { worker: Worker; ready: boolean; pending: Map<number, Pending> };

/**
 * The thread's code: the compiled `dist/ingest-thread.js`, or under the TypeScript sources the
 * `.ts` entry through tsx (a development dependency, loaded in the thread only then).
 */
function startThread(): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(packagePath('dist', 'ingest-thread.js'), { execArgv: [] });
  }
  const tsx = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const entry = new URL('./ingest-thread.node.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, execArgv: [] });
}

/**
 * Threads that parse OTLP bodies and plan their ingest (`ingest-thread.node.ts`) while the
 * caller's thread writes: a request's JSON parse, mapping, eval-view derivation and statement
 * parameters no longer hold up the writes of others. Started at the first request; until a
 * thread is ready, and after one fails, requests are ingested in the caller's thread. Off unless
 * configured (`IOFOLD_INGEST_THREADS`): measured under load, the threads cost more CPU than they
 * take off the writer (docs/storage.md).
 */
export function createIngestThreadPool(options: { threads: number }): IngestThreadPool {
  const count = options.threads;
  let threads: Thread[] | undefined;
  let nextId = 1;
  let closed = false;

  const retire = (thread: Thread) => {
    if (!threads) {
      return;
    }
    threads = threads.filter((t) => t !== thread);
    for (const p of thread.pending.values()) {
      p.resolve(null);
    }
    thread.pending.clear();
  };
  const start = (): Thread[] =>
    Array.from({ length: count }, () => {
      const thread: Thread = { worker: startThread(), ready: false, pending: new Map() };
      thread.worker.on('message', (reply: ThreadReply) => {
        if ('ready' in reply) {
          thread.ready = true;
          return;
        }
        const pending = thread.pending.get(reply.id);
        thread.pending.delete(reply.id);
        if (thread.pending.size === 0) {
          thread.worker.unref();
        }
        if ('plan' in reply) {
          pending?.resolve(reply.plan);
        } else if ('error' in reply) {
          const { code, message, details } = reply.error;
          pending?.reject(new AppError(code as ErrorCode, message, { details }));
        } else {
          pending?.resolve(null);
        }
      });
      thread.worker.on('error', () => retire(thread));
      thread.worker.on('exit', () => retire(thread));
      // held only while it has requests (after the listeners, which would hold it otherwise)
      thread.worker.unref();
      return thread;
    });

  return {
    forDatabase: (path) => ({
      planOtlp(input) {
        if (closed || count === 0) {
          return Promise.resolve(null);
        }
        threads ??= start();
        let idlest: Thread | undefined;
        for (const t of threads) {
          if (t.ready && (!idlest || t.pending.size < idlest.pending.size)) {
            idlest = t;
          }
        }
        if (!idlest) {
          return Promise.resolve(null);
        }
        const thread = idlest;
        const id = nextId++;
        return new Promise<ThreadPlannedIngest | null>((resolve, reject) => {
          thread.pending.set(id, { resolve, reject });
          thread.worker.ref();
          const request: ThreadRequest = { ...input, id, path };
          thread.worker.postMessage(request);
        });
      },
    }),
    close: async () => {
      closed = true;
      const ending = threads ?? [];
      threads = undefined;
      for (const t of ending) {
        for (const p of t.pending.values()) {
          p.resolve(null);
        }
      }
      await Promise.all(ending.map((t) => t.worker.terminate()));
    },
  };
}
