import type { CheckResult } from '@/core/ports/sandbox';
import type { Pool } from './pool.node.js';

const CHECK_TIMEOUT_MS = 10_000;

/** Runs the static check (Python's own `ast`) in a pooled child. */
export async function checkInWorker(pool: Pool, code: string, id: number): Promise<CheckResult> {
  const worker = await pool.acquire(null);
  let recycle = false;
  try {
    const json = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        recycle = true;
        worker.kill('timeout');
        reject(new Error('static check timed out'));
      }, CHECK_TIMEOUT_MS);
      worker.onExit(() => {
        clearTimeout(timer);
        reject(new Error('sandbox process exited during the static check'));
      });
      worker.listen((m) => {
        if (m.t === 'checked' && m.id === id && typeof m.json === 'string') {
          clearTimeout(timer);
          resolve(m.json);
        }
      });
      worker.send({ t: 'check', id, code });
    });
    return JSON.parse(json) as CheckResult;
  } catch (e) {
    recycle = true;
    throw e;
  } finally {
    worker.listen(null);
    pool.release(worker, recycle);
  }
}
