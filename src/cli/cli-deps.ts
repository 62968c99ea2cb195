import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { IOFOLD_VERSION } from '@/core/version';
import type { Db } from '@/db/client';

/** Ports for a one-shot command on the local database (no sandbox unless the command makes one). */
export function cliDeps(db: Db, overrides: Partial<Deps> = {}): Deps {
  return {
    db,
    sandbox: createUnavailableSandbox('this command does not run evals'),
    log: silentLogger,
    now: systemClock,
    newId,
    version: IOFOLD_VERSION,
    ...overrides,
  };
}
