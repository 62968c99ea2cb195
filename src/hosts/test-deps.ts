import { createAesGcmSecrets } from '@/core/aes-gcm-secrets';
import type { Ctx, Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createMemoryUploadStore } from '@/core/ports/upload-store';
import { createSystemCtx } from '@/core/system-ctx';
import { IOFOLD_VERSION } from '@/core/version';
import type { Db } from '@/db/client';
import { createTestDb, createTestWorkspace, withoutFastPaths } from '@/db/testing';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';

/**
 * Deps over a fresh test database, or over `overrides.db` when given (the job queue then writes to
 * that database too); override any port with a fake.
 */
export function createTestDeps(overrides: Partial<Deps> = {}): Deps & { close(): void } {
  const { db, close } = overrides.db ? { db: overrides.db, close: () => {} } : createTestDb();
  const jobEvents = overrides.jobEvents ?? createJobEventBus();
  const now = overrides.now ?? systemClock;
  return {
    db,
    queue: createDbJobQueue({ db, now, newId: overrides.newId ?? newId, jobEvents }),
    jobEvents,
    sandbox: createUnavailableSandbox('no sandbox in this test'),
    secrets: createAesGcmSecrets(crypto.getRandomValues(new Uint8Array(32))),
    log: silentLogger,
    now: systemClock,
    newId,
    version: IOFOLD_VERSION,
    uploads: createMemoryUploadStore(),
    ...overrides,
    close,
  };
}

/**
 * Test deps over a fresh database, and a system context in a new workspace of it; with `dbOf` (a
 * `BOTH_DATABASES` row's), the context's database is the deps' one as `dbOf` wraps it.
 */
export async function createTestCtx(
  overrides: Partial<Deps> = {},
  dbOf?: (db: Db) => Db,
): Promise<{ deps: Deps & { close(): void }; ctx: Ctx }> {
  const deps = createTestDeps(overrides);
  const ws = await createTestWorkspace(deps);
  const ctx = createSystemCtx(deps, ws.id, 'test');
  return { deps, ctx: dbOf ? { ...ctx, db: dbOf(deps.db) } : ctx };
}

/**
 * Both databases a service must work on, for `describe.each`: the embedded one with its raw batch
 * fast path, and one as D1 sees it (chunked `db.batch`); each row is its name and how to wrap a db.
 */
export const BOTH_DATABASES: [name: string, dbOf: (db: Db) => Db][] = [
  ['embedded database (raw batch fast path)', (db) => db],
  ['D1-style database (chunked db.batch)', withoutFastPaths],
];
