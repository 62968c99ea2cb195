import type { SandboxLayer } from '@/core/ports/sandbox';
import type { LaunchPlan } from './layers.node.js';
import { createPool, type Pool } from './pool.node.js';
import { ensureSnapshot } from './snapshot.node.js';
import { createStaticChecker, type StaticChecker } from './static-checker.node.js';

export type ProcessSettings = {
  plan: LaunchPlan;
  runtimeDir: string;
  memoryCapBytes: number;
  rssLimitBytes: number;
  snapshot: boolean;
  size: number;
  spares: number;
  maxRunsPerWorker: number;
  idleCpuMsPerSecond?: number;
  workerEntry?: string;
};

export type SandboxProcesses = { pool: Pool; checker: StaticChecker; snapshotLayer: SandboxLayer };

/** Makes (or finds) the memory snapshot, then starts the check child and the batch pool. */
export async function startSandboxProcesses(s: ProcessSettings): Promise<SandboxProcesses> {
  let snapshotFile: string | undefined;
  let snapshotLayer: SandboxLayer = {
    name: 'memory-snapshot',
    active: false,
    detail: 'disabled by configuration',
  };
  if (s.snapshot) {
    const snap = await ensureSnapshot(s.plan, s.runtimeDir, s.memoryCapBytes);
    if ('file' in snap) {
      snapshotFile = snap.file;
      const how = snap.made ? `made in ${Math.round(snap.ms)} ms` : 'cached';
      snapshotLayer = {
        name: 'memory-snapshot',
        active: true,
        detail: `children start from a Pyodide memory snapshot (${how}, ${s.runtimeDir})`,
      };
    } else {
      snapshotLayer = {
        name: 'memory-snapshot',
        active: false,
        detail: `snapshot failed, plain start: ${snap.error}`,
      };
    }
  }
  const worker = {
    plan: s.plan,
    runtimeDir: s.runtimeDir,
    memoryCapBytes: s.memoryCapBytes,
    rssLimitBytes: s.rssLimitBytes,
    snapshotFile,
  };
  return {
    checker: createStaticChecker(worker),
    pool: createPool({
      ...worker,
      entry: s.workerEntry,
      size: s.size,
      spares: s.spares,
      maxRunsPerWorker: s.maxRunsPerWorker,
      idleCpuMsPerSecond: s.idleCpuMsPerSecond,
    }),
    snapshotLayer,
  };
}
