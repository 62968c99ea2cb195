import { createAesGcmSecrets } from '@/core/aes-gcm-secrets';
import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createMemoryUploadStore } from '@/core/ports/upload-store';
import { IOFOLD_VERSION } from '@/core/version';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import type { Db } from './client';
import { openSqliteDb, type SqliteHandle } from './client.node.js';
import { type Workspace, workspaces } from './schema';

/**
 * The same database as D1-backed code sees it: no raw batch fast path and D1's 100-parameter
 * limit, so tests can run a service through the `db.batch()` path the Worker uses.
 */
export function withoutFastPaths(db: Db): Db {
  // a Proxy is a new WeakMap key: capabilities registered for `db` (chunk.ts, raw-batch.ts) are absent
  return new Proxy(db, {});
}

/** A fresh in-memory database with every migration applied; one per test file or test. */
export function createTestDb(): SqliteHandle {
  return openSqliteDb({ path: ':memory:' });
}

/** Deps over a fresh test database; override any port with a fake. */
export function createTestDeps(overrides: Partial<Deps> = {}): Deps & { close(): void } {
  const handle = createTestDb();
  const jobEvents = overrides.jobEvents ?? createJobEventBus();
  const now = overrides.now ?? systemClock;
  return {
    db: handle.db,
    queue: createDbJobQueue({ db: handle.db, now, newId: overrides.newId ?? newId, jobEvents }),
    jobEvents,
    sandbox: createUnavailableSandbox('no sandbox in this test'),
    secrets: createAesGcmSecrets(crypto.getRandomValues(new Uint8Array(32))),
    log: silentLogger,
    now: systemClock,
    newId,
    version: IOFOLD_VERSION,
    uploads: createMemoryUploadStore(),
    ...overrides,
    close: handle.close,
  };
}

export async function createTestWorkspace(
  deps: Pick<Deps, 'db'>,
  name = 'Test',
): Promise<Workspace> {
  const id = newId('ws');
  const [row] = await deps.db.insert(workspaces).values({ id, name, slug: id }).returning();
  if (!row) {
    throw new Error('workspace insert returned nothing');
  }
  return row;
}
