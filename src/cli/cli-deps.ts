import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createUnavailableSecrets } from '@/core/ports/secrets';
import { IOFOLD_VERSION } from '@/core/version';
import type { Db } from '@/db/client';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';

/**
 * Ports for a one-shot command on the local database. Jobs it enqueues land in the jobs table,
 * where a running server's worker picks them up; no sandbox unless the command passes one.
 */
export function cliDeps(db: Db, overrides: Partial<Deps> = {}): Deps {
  const jobEvents = createJobEventBus();
  return {
    db,
    sandbox: createUnavailableSandbox('this command does not run evals'),
    secrets: createUnavailableSecrets('this command does not read integration secrets'),
    queue: createDbJobQueue({ db, now: systemClock, newId, jobEvents }),
    jobEvents,
    log: silentLogger,
    now: systemClock,
    newId,
    version: IOFOLD_VERSION,
    ...overrides,
  };
}
