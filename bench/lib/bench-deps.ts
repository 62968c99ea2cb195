import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAesGcmSecrets } from '@/core/aes-gcm-secrets';
import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { openSqliteDb, type SqliteHandle } from '@/db/client.node.js';
import { workspaces } from '@/db/schema';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';

/** A scratch directory for a benchmark's database files, removed by `remove()`. */
export function scratchDir(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `iofold-bench-${name}-`));
  return {
    dir,
    file: (f: string) => join(dir, f),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The embedded database in a real SQLite file (WAL, migrations applied) with the ports a service
 * needs and no sandbox. `onQuery` sees every statement issued through Drizzle.
 */
export function openBenchDeps(
  path: string,
  options: { onQuery?(sql: string, params: unknown[]): void } = {},
): Deps & { handle: SqliteHandle; close(): void } {
  const handle = openSqliteDb({ path, onQuery: options.onQuery });
  const jobEvents = createJobEventBus();
  return {
    db: handle.db,
    queue: createDbJobQueue({ db: handle.db, now: systemClock, newId, jobEvents }),
    jobEvents,
    sandbox: createUnavailableSandbox('no sandbox in this benchmark'),
    secrets: createAesGcmSecrets(crypto.getRandomValues(new Uint8Array(32))),
    log: silentLogger,
    now: systemClock,
    newId,
    version: 'bench',
    handle,
    close: handle.close,
  };
}

/**
 * Runs `seed` in one SQLite transaction on the bench's handle (a commit per chunk is most of the
 * time a large seed takes otherwise). Only for seeding: nothing else may use the handle meanwhile.
 */
export async function seedInOneTransaction<T>(
  deps: { handle: SqliteHandle },
  seed: () => Promise<T>,
): Promise<T> {
  deps.handle.sqlite.exec('BEGIN');
  try {
    const out = await seed();
    deps.handle.sqlite.exec('COMMIT');
    return out;
  } catch (error) {
    deps.handle.sqlite.exec('ROLLBACK');
    throw error;
  }
}

export async function insertWorkspace(deps: Pick<Deps, 'db'>, id = newId('ws')): Promise<string> {
  await deps.db.insert(workspaces).values({ id, name: 'bench', slug: id });
  return id;
}

/** Parameters as the embedded driver binds them (client.node.ts): booleans 0/1, dates in ms. */
export function toDriverValue(value: unknown): unknown {
  if (typeof value === 'boolean') {
    return value ? 1 : 0;
  }
  return value instanceof Date ? value.getTime() : value;
}
