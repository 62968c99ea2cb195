import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LaunchPlan } from './layers.node.js';
import { startWorker } from './worker.node.js';

export type SnapshotResult = { file: string; made: boolean; ms: number } | { error: string };

/**
 * Makes (once per runtime dir) a Pyodide memory snapshot with the runtime and the allowed modules
 * imported, using Pyodide's private `_makeSnapshot` option. Made inside the same sandbox layers.
 */
export async function ensureSnapshot(
  plan: LaunchPlan,
  runtimeDir: string,
  memoryCapBytes: number,
): Promise<SnapshotResult> {
  const file = path.join(runtimeDir, 'snapshot.bin');
  if (existsSync(file)) {
    return { file, made: false, ms: 0 };
  }
  const worker = startWorker({
    plan,
    runtimeDir,
    memoryCapBytes,
    mode: 'make-snapshot',
    rssLimitBytes: 0,
  });
  try {
    const bytes = await new Promise<{ bytes: Uint8Array; ms: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('snapshot timed out after 60 s')), 60_000);
      worker.listen((m) => {
        if (m.t === 'snapshot' && m.bytes instanceof Uint8Array) {
          clearTimeout(timer);
          resolve({ bytes: m.bytes, ms: Number(m.ms) });
        }
      });
      worker.onExit((info) => {
        clearTimeout(timer);
        reject(
          new Error(`snapshot child exited (${info.code ?? info.signal}): ${info.fatal ?? ''}`),
        );
      });
    });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes.bytes, { mode: 0o644 });
    renameSync(tmp, file);
    return { file, made: true, ms: bytes.ms };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    worker.kill('close');
  }
}
