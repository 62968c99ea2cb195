import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { IOFOLD_VERSION } from '@/core/version';
import { openSqliteDb, type SqliteHandle } from './client.node';
import { type Workspace, workspaces } from './schema';

/** A fresh in-memory database with every migration applied; one per test file or test. */
export function createTestDb(): SqliteHandle {
  return openSqliteDb({ path: ':memory:' });
}

/** Deps over a fresh test database; override any port with a fake. */
export function createTestDeps(overrides: Partial<Deps> = {}): Deps & { close(): void } {
  const handle = createTestDb();
  return {
    db: handle.db,
    sandbox: createUnavailableSandbox('no sandbox in this test'),
    log: silentLogger,
    now: systemClock,
    newId,
    version: IOFOLD_VERSION,
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
