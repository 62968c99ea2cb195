import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from './run-iofold';

/** Resolves when the child has exited (at once if it already has). */
export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once('exit', () => resolve());
    }
  });

/**
 * Child processes of a crash test: `start` runs a TypeScript script under tsx and resolves once it
 * prints "ready" (rejects with its stderr if it exits first); `killAll` SIGKILLs every one started.
 */
export function crashChildren(script: string) {
  const children: ChildProcess[] = [];
  const start = (...args: string[]) =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let stderr = '';
      child.stderr?.on('data', (chunk) => (stderr += chunk));
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          resolve(child);
        }
      });
      child.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
    });
  const killAll = async () => {
    for (const child of children) {
      child.kill('SIGKILL');
      await exited(child);
    }
  };
  return { start, killAll };
}
