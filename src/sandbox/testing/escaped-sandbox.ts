import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { Sandbox } from '@/core/ports/sandbox';
import type { PyodideSandboxOptions } from '../pyodide-sandbox.node.js';
import { startedSandbox } from './started-sandbox';

/**
 * startedSandbox whose workers run testing/escaped-child.mjs: the real child, plus a hook that plays
 * an eval which escaped the Python layer. The hook is copied into a fresh folder the children (run
 * as another user) can read, removed after the file's tests and after the sandbox is closed.
 */
export function startedEscapedSandbox(
  options: Omit<PyodideSandboxOptions, 'workerEntry'>,
): Sandbox {
  const dir = mkdtempSync(path.join(tmpdir(), 'iofold-escaped-child-'));
  chmodSync(dir, 0o755);
  const entry = path.join(dir, 'escaped-child.mjs');
  copyFileSync(fileURLToPath(new URL('./escaped-child.mjs', import.meta.url)), entry);
  chmodSync(entry, 0o644);
  // registered first, so it runs after startedSandbox's close (after-hooks run in reverse order)
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return startedSandbox({ ...options, workerEntry: entry });
}
