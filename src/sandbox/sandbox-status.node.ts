import type { SandboxLayer, SandboxStatus } from '@/core/ports/sandbox';
import type { LaunchPlan } from './layers.node.js';
import { SANDBOX_LIMITS } from './limits';
import type { PoolStats } from './pool.node.js';

export type StatusFacts = {
  stats: PoolStats | null;
  plan: LaunchPlan;
  snapshotLayer: SandboxLayer;
  pyodideVersion: string;
  maxRunsPerWorker: number;
  timeoutMsPerTrace: number;
  batchTimeoutMs: number;
};

/** Every isolation layer of the Pyodide sandbox, active or not, with a line of detail. */
export function describeStatus(f: StatusFacts): SandboxStatus {
  const up = f.stats !== null;
  const layers: SandboxLayer[] = [
    { name: 'child-process-pool', active: up, detail: describePool(f) },
    {
      name: 'clean-runs',
      active: up,
      detail:
        'every batch gets a new module namespace; read-only module views; classes frozen; random, decimal and output reset per trace; after each batch the child checks that modules, builtins, files, environment, timers and tasks are as at start, or it is replaced',
    },
    {
      name: 'check-process',
      active: up,
      detail: 'the static check (an ast allowlist) runs in its own child that never runs eval code',
    },
    ...f.plan.layers,
    f.snapshotLayer,
    {
      name: 'time-limits',
      active: true,
      detail: `per trace ${f.timeoutMsPerTrace} ms by default, per call ${f.batchTimeoutMs} ms, 3 timeouts in a row stop a call; enforced by SIGKILL from the host`,
    },
    {
      name: 'output-caps',
      active: true,
      detail: `captured output ${SANDBOX_LIMITS.outputChars} chars and reason ${SANDBOX_LIMITS.reasonChars} chars per trace; code ${SANDBOX_LIMITS.codeBytes} bytes`,
    },
  ];
  return { kind: 'pyodide', available: up, layers };
}

function describePool(f: StatusFacts): string {
  const s = f.stats;
  if (!s) {
    return 'the pool failed to start';
  }
  const kills = Object.entries(s.killed).map(([reason, n]) => `${n} (${reason})`);
  const left = s.lastLeftovers ? ` (last left behind: ${s.lastLeftovers})` : '';
  const error = s.lastError ? `; last start error: ${s.lastError}` : '';
  return `up to ${s.size} Pyodide ${f.pyodideVersion} children run batches at once and ${s.reserve} more, one each for a workspace with nothing running; ${s.spares} fresh spare; ${s.processes} running (${s.idle} idle, ${s.fresh} fresh, ${s.resetting} resetting); each child serves one workspace only and is replaced after ${f.maxRunsPerWorker} batches or any violation; replaced so far: ${kills.length > 0 ? kills.join(', ') : 'none'}${left}${error}`;
}
