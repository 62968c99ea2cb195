import type { Sandbox } from '@/core/ports/sandbox';
import { createPyodideSandbox, type PyodideSandboxOptions } from '../pyodide-sandbox.node.js';

/** Runs `use` with a Pyodide sandbox of its own and closes the sandbox after it, also when it throws. */
export async function withPyodideSandbox<T>(
  options: PyodideSandboxOptions,
  use: (sandbox: Sandbox) => Promise<T>,
): Promise<T> {
  const sandbox = createPyodideSandbox(options);
  try {
    return await use(sandbox);
  } finally {
    await sandbox.close();
  }
}
