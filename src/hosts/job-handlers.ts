import { evalExecuteJob, evalGenerateJob, evalRefineJob } from '@/evals/jobs/eval-job-handlers';
import { integrationSyncJob } from '@/integrations/integration-sync-job';
import type { JobHandlers } from '@/jobs/job-handler';
import { noopJob } from '@/jobs/noop-job';
import { withRefineCooldown } from '@/monitoring/auto-refine/with-refine-cooldown';
import { monitoringSnapshotJob } from '@/monitoring/monitoring-snapshot-job';
import { gepaRunJob } from '@/optimize/gepa/run/gepa-run-job';
import { tasksetRunJob } from '@/optimize/runs/taskset-run-job';
import { tasksIndexJob } from '@/optimize/tasks/tasks-index-job';
import { tracesImportJob } from '@/traces/import/traces-import-job';

/**
 * The one dispatcher table, wired by the hosts: a feature exports its handler and is added here,
 * so `jobs/` never imports a feature. Tests may override entries with `createJobHandlers({...})`.
 */
export function createJobHandlers(overrides: Partial<JobHandlers> = {}): JobHandlers {
  return {
    'eval.execute': evalExecuteJob,
    'eval.generate': evalGenerateJob,
    'eval.refine': withRefineCooldown(evalRefineJob),
    'traces.import': tracesImportJob,
    'tasks.index': tasksIndexJob,
    'taskset_run.execute': tasksetRunJob,
    'gepa_run.step': gepaRunJob,
    'integration.sync': integrationSyncJob,
    'monitoring.snapshot': monitoringSnapshotJob,
    noop: noopJob,
    ...overrides,
  };
}
