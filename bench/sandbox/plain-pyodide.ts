/**
 * The fastest honest Pyodide run of an eval: one warm Pyodide instance in its own process
 * (pyodide-worker.mjs), the eval module loaded once, no isolation, no reset, no static check, no
 * per-trace results. What is left is the WebAssembly interpreter's own cost (marshal.loads of the
 * batch's bytes, encoded by the sandbox's own encoder, and the eval loop), so "sandbox minus this"
 * is what the isolation and the process boundary add. Its own process, so it neither competes with the bench's event loop nor shares
 * its heap and collector.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { marshalList, marshalTraces } from '@/sandbox/marshal-batch.node.js';

/** Traces as the sandbox's host sends them to a child (the same encoder, the same bytes). */
export function marshalBatch(traces: readonly unknown[]): Uint8Array {
  const items = marshalTraces(traces);
  if (!items) {
    throw new Error('the bench traces are not plain JSON data');
  }
  return marshalList(items);
}

export type PlainPyodide = {
  /**
   * Runs the eval over a batch in the sandbox's marshal format (`marshalBatch`): how many traces
   * passed, the time inside (ms).
   */
  batch(bytes: Uint8Array): Promise<{ passed: number; ms: number }>;
  close(): void;
};

type Reply = { id?: number; ready?: boolean; passed: number; ms: number };

export async function plainPyodide(code: string, fnName: string): Promise<PlainPyodide> {
  const child = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'pyodide-worker.mjs'), JSON.stringify([code, fnName])],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' },
  );
  const waiting = new Map<number, (r: Reply) => void>();
  let nextId = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => reject(new Error(`pyodide baseline exited (${c})`)));
    child.on('message', (m: Reply) => {
      if (m.ready) {
        resolve();
      } else if (m.id !== undefined) {
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
      }
    });
  });
  return {
    batch: (bytes) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ id, bytes });
      }),
    close: () => child.kill(),
  };
}
