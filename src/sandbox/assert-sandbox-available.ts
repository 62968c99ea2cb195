import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import type { SandboxStatus } from '@/core/ports/sandbox';

/** Why a sandbox reports itself unavailable: its own reason, else its first inactive layer. */
export function sandboxUnavailableReason(status: SandboxStatus): string {
  return (
    status.reason ??
    status.layers.find((layer) => !layer.active)?.detail ??
    `the ${status.kind} sandbox reports itself unavailable`
  );
}

/**
 * UNAVAILABLE (503) at once, with what to configure, when the sandbox cannot run code: for routes
 * that queue sandbox work, so a job is not accepted only to fail later.
 */
export async function assertSandboxAvailable(deps: Pick<Deps, 'sandbox'>): Promise<void> {
  const status = await deps.sandbox.status();
  if (!status.available) {
    throw new AppError(
      'UNAVAILABLE',
      `the Python sandbox is not available: ${sandboxUnavailableReason(status)}`,
      { details: { sandbox: status.kind } },
    );
  }
}
