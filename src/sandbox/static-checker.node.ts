import { createHash } from 'node:crypto';
import type { CheckResult } from '@/core/ports/sandbox';
import { type SandboxWorker, startWorker, type WorkerOptions } from './worker.node.js';

export type StaticChecker = {
  /**
   * The check of `code`, from a process that never runs eval code; the same code is checked once
   * per `scope` (a workspace id): a cached answer comes faster, so scopes never share entries.
   */
  check(code: string, scope?: string): Promise<CheckResult>;
  close(): Promise<void>;
};

const CHECK_TIMEOUT_MS = 10_000;
const CACHE_ENTRIES = 1000;

type Job = { code: string; resolve: (r: CheckResult) => void; reject: (e: Error) => void };

/**
 * The static check's own child (mode `check`): it parses and walks eval code with Python's `ast`
 * and never executes any, so nothing an eval does can change how other code is checked. Results
 * are cached by the hash of the workspace and the code (the check is a pure function of the code;
 * the workspace is in the key so a fast answer never says another workspace checked this code).
 */
export function createStaticChecker(options: Omit<WorkerOptions, 'mode'>): StaticChecker {
  const cache = new Map<string, CheckResult>();
  const queue: Job[] = [];
  let worker: SandboxWorker | null = null;
  let running = false;
  let nextId = 1;
  let closed = false;
  let last = { code: '', scope: '', key: '' }; // a run checks the same code on every call: hash it once

  const ensureWorker = () => {
    if (!worker || worker.exited) {
      worker = startWorker({ ...options, mode: 'check' });
    }
    return worker;
  };

  const checkOne = async (code: string): Promise<CheckResult> => {
    const w = ensureWorker();
    await w.ready;
    const id = nextId++;
    return new Promise<CheckResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        w.kill('timeout');
        resolve(failed('the static check did not finish within 10 s'));
      }, CHECK_TIMEOUT_MS);
      const unsubscribe = w.onExit(() => {
        clearTimeout(timer);
        resolve(failed('the static check process died on this code'));
      });
      w.listen((m) => {
        if (m.t === 'checked' && m.id === id && typeof m.json === 'string') {
          clearTimeout(timer);
          unsubscribe();
          w.listen(null);
          try {
            resolve(JSON.parse(m.json) as CheckResult);
          } catch (e) {
            reject(e as Error);
          }
        }
      });
      w.send({ t: 'check', id, code });
    });
  };

  const pump = async () => {
    if (running) {
      return;
    }
    running = true;
    for (let job = queue.shift(); job; job = queue.shift()) {
      try {
        job.resolve(await checkOne(job.code));
      } catch (e) {
        job.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    running = false;
  };

  return {
    async check(code, scope = '') {
      if (closed) {
        throw new Error('sandbox is closed');
      }
      if (code !== last.code || scope !== last.scope || !last.key) {
        const key = createHash('sha256').update(scope).update('\0').update(code).digest('hex');
        last = { code, scope, key };
      }
      const key = last.key;
      const known = cache.get(key);
      if (known) {
        cache.delete(key);
        cache.set(key, known);
        return known;
      }
      const result = await new Promise<CheckResult>((resolve, reject) => {
        queue.push({ code, resolve, reject });
        void pump();
      });
      if (result.ok || result.issues.every((i) => i.code !== 'CHECK_FAILED')) {
        cache.set(key, result);
      }
      if (cache.size > CACHE_ENTRIES) {
        cache.delete(cache.keys().next().value as string);
      }
      return result;
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) {
        job.reject(new Error('sandbox is closed'));
      }
      const w = worker;
      if (w && !w.exited) {
        await new Promise<void>((resolve) => {
          w.onExit(() => resolve());
          w.kill('close');
        });
      }
    },
  };
}

function failed(message: string): CheckResult {
  return { ok: false, issues: [{ code: 'CHECK_FAILED', message, line: 1, column: 1 }] };
}
