import { afterAll, beforeAll } from 'vitest';
import type { Sandbox } from '@/core/ports/sandbox';
import { createPyodideSandbox, type PyodideSandboxOptions } from '../pyodide-sandbox.node.js';

/**
 * A Pyodide sandbox for one test file: started (its status awaited) before the file's tests and
 * closed after them. Call it at the top of the file; the returned sandbox answers once started.
 */
export function startedSandbox(options: PyodideSandboxOptions): Sandbox {
  let started: Sandbox | undefined;
  beforeAll(async () => {
    started = createPyodideSandbox(options);
    await started.status();
  });
  afterAll(() => started?.close());
  const current = () => {
    if (!started) {
      throw new Error('the test sandbox starts in beforeAll');
    }
    return started;
  };
  return {
    check: (code, workspaceId) => current().check(code, workspaceId),
    runEval: (input) => current().runEval(input),
    status: () => current().status(),
    close: () => current().close(),
  };
}
