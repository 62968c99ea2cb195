import { evalExecuteJob, evalGenerateJob, evalRefineJob } from '@/evals/jobs/eval-job-handlers';
import { integrationSyncJob } from '@/integrations/integration-sync-job';
import { withRefineCooldown } from '@/monitoring/auto-refine/with-refine-cooldown';
import { monitoringSnapshotJob } from '@/monitoring/monitoring-snapshot-job';
import { JobFailure } from './classify-job-error';
import type { JobType } from './contracts';
import type { JobHandler, JobHandlers } from './job-handler';
import { noopJob } from './noop-job';

/** A permanent failure for job types whose feature has not registered a handler yet. */
function notAvailable(type: JobType): JobHandler<JobType> {
  return async () => {
    throw new JobFailure('UNAVAILABLE', `no handler for ${type} in this build`, false);
  };
}

/**
 * The one dispatcher table. A feature plugs in by exporting its handler and replacing its entry
 * here; hosts and tests may override entries with `createJobHandlers({...})`.
 */
export function createJobHandlers(overrides: Partial<JobHandlers> = {}): JobHandlers {
  return {
    'eval.execute': evalExecuteJob,
    'eval.generate': evalGenerateJob,
    'eval.refine': withRefineCooldown(evalRefineJob),
    'traces.import': notAvailable('traces.import'),
    'integration.sync': integrationSyncJob,
    'monitoring.snapshot': monitoringSnapshotJob,
    noop: noopJob,
    ...overrides,
  };
}
