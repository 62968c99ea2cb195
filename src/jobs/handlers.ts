import { evalExecuteJob, evalGenerateJob, evalRefineJob } from '@/evals/jobs/eval-job-handlers';
import { integrationSyncJob } from '@/integrations/integration-sync-job';
import { withRefineCooldown } from '@/monitoring/auto-refine/with-refine-cooldown';
import { monitoringSnapshotJob } from '@/monitoring/monitoring-snapshot-job';
import { tracesImportJob } from '@/traces/import/traces-import-job';
import type { JobHandlers } from './job-handler';
import { noopJob } from './noop-job';

/**
 * The one dispatcher table. A feature plugs in by exporting its handler and replacing its entry
 * here; hosts and tests may override entries with `createJobHandlers({...})`.
 */
export function createJobHandlers(overrides: Partial<JobHandlers> = {}): JobHandlers {
  return {
    'eval.execute': evalExecuteJob,
    'eval.generate': evalGenerateJob,
    'eval.refine': withRefineCooldown(evalRefineJob),
    'traces.import': tracesImportJob,
    'integration.sync': integrationSyncJob,
    'monitoring.snapshot': monitoringSnapshotJob,
    noop: noopJob,
    ...overrides,
  };
}
