import type { Sandbox, SandboxStatus } from '@/core/ports/sandbox';

/** The pool's line of the sandbox status. */
export const poolDetail = (status: SandboxStatus): string =>
  status.layers.find((l) => l.name === 'child-process-pool')?.detail ?? '';

/** How many children the pool killed for `reason` so far, from its status line. */
export function killedFor(status: SandboxStatus, reason: string): number {
  const m = new RegExp(`(\\d+) \\(${reason}\\)`).exec(poolDetail(status));
  return m ? Number(m[1]) : 0;
}

/**
 * Until no child is between a batch and its report that it is clean: each one is then idle or
 * killed (the pool kills a child that does not report within its 10 s), so a workspace's next
 * batch takes its own idle child if it has one. Asked before that, the pool may give the
 * workspace a fresh child instead, which is what a loaded machine did to tests that slept 300 ms.
 */
export async function untilResetsReported(sandbox: Sandbox): Promise<SandboxStatus> {
  for (let i = 0; i < 1500; i++) {
    const status = await sandbox.status();
    if (/ 0 resetting\)/.test(poolDetail(status))) {
      return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('a child neither reported itself clean nor was killed within 15 s');
}
