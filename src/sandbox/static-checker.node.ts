import { createHash } from 'node:crypto';
import type { CheckResult } from '@/core/ports/sandbox';
import { codeShapeIssue } from './code-shape.js';
import { nextWaiter, shareOf } from './fair-share.js';
import { type SandboxWorker, startWorker, type WorkerOptions } from './worker.node.js';

export type StaticChecker = {
  /**
   * The check of `code`, from a process that never runs eval code; the same code is checked once
   * per `scope` (a workspace id): a cached answer comes faster, so scopes never share entries.
   */
  check(code: string, scope?: string): Promise<CheckResult>;
  close(): Promise<void>;
};

// A backstop only: the fixed bounds (code-shape.ts, MAX_NODES) keep a check to a few seconds on a
// loaded machine, and a clock would make the verdict depend on load.
const CHECK_TIMEOUT_MS = 30_000;
const CACHE_ENTRIES = 1000;
/** Check processes: a workspace holds at most half of them while another waits (fair-share.ts). */
const CHECKERS = 2;

type Job = {
  tenant: string;
  code: string;
  resolve: (r: CheckResult) => void;
  reject: (e: Error) => void;
};
type Slot = { worker: SandboxWorker | null; tenant: string | null };

/**
 * The static check's own children (mode `check`): they parse and walk eval code with Python's `ast`
 * and never execute any, so nothing an eval does can change how other code is checked. Results
 * are cached by the hash of the workspace and the code (the check is a pure function of the code;
 * the workspace is in the key so a fast answer never says another workspace checked this code);
 * the same code asked again while its check runs waits for that check. Workspaces take turns:
 * one that sends many slow checks waits behind itself, not others.
 */
export function createStaticChecker(options: Omit<WorkerOptions, 'mode'>): StaticChecker {
  const cache = new Map<string, CheckResult>();
  const inFlight = new Map<string, Promise<CheckResult>>();
  const queue: Job[] = [];
  const slots: Slot[] = Array.from({ length: CHECKERS }, () => ({ worker: null, tenant: null }));
  let nextId = 1;
  let closed = false;
  let last = { code: '', scope: '', key: '' }; // a run checks the same code on every call: hash it once

  const load = (tenant: string) => slots.filter((s) => s.tenant === tenant).length;
  const started = (slot: Slot): SandboxWorker => {
    if (!slot.worker || slot.worker.exited) {
      slot.worker = startWorker({ ...options, mode: 'check' });
    }
    return slot.worker;
  };

  const pump = () => {
    for (const slot of slots) {
      if (slot.tenant !== null || closed) {
        continue;
      }
      const job = nextWaiter(queue, load, shareOf(queue, slots.length), new Set());
      if (!job) {
        return;
      }
      queue.splice(queue.indexOf(job), 1);
      slot.tenant = job.tenant;
      // every slot's process is started with the first check (and again once it dies), so another
      // workspace's check never waits for a process to start behind a long one
      for (const s of slots) {
        started(s);
      }
      checkOne(started(slot), job.code, () => nextId++)
        .then(job.resolve, (e) => job.reject(e instanceof Error ? e : new Error(String(e))))
        .finally(() => {
          slot.tenant = null;
          pump();
        });
    }
  };

  const checked = (code: string, tenant: string, key: string) =>
    new Promise<CheckResult>((resolve, reject) => {
      queue.push({ tenant, code, resolve, reject });
      pump();
    }).then((result) => {
      if (result.ok || result.issues.every((i) => i.code !== 'CHECK_FAILED')) {
        cache.set(key, result);
      }
      if (cache.size > CACHE_ENTRIES) {
        cache.delete(cache.keys().next().value as string);
      }
      return result;
    });

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
      let pending = inFlight.get(key);
      if (!pending) {
        const shape = codeShapeIssue(code); // before any process: this code would take one down
        if (shape) {
          const issue = {
            code: 'TOO_COMPLEX',
            message: shape.message,
            line: shape.line,
            column: 1,
          };
          return { ok: false, issues: [issue] };
        }
        pending = checked(code, scope, key).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) {
        job.reject(new Error('sandbox is closed'));
      }
      await Promise.all(slots.map((s) => stop(s.worker)));
    },
  };
}

function checkOne(w: SandboxWorker, code: string, newId: () => number): Promise<CheckResult> {
  return w.ready.then(
    () =>
      new Promise<CheckResult>((resolve, reject) => {
        const id = newId();
        const timer = setTimeout(() => {
          w.kill('timeout');
          resolve(failed('the static check did not finish within 30 s'));
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
      }),
  );
}

function stop(w: SandboxWorker | null): Promise<void> {
  if (!w || w.exited) {
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    w.onExit(() => resolve());
    w.kill('close');
  });
}

function failed(message: string): CheckResult {
  return { ok: false, issues: [{ code: 'CHECK_FAILED', message, line: 1, column: 1 }] };
}
