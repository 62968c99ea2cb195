import type { Ctx, Deps } from '@/core/context';
import { newId } from '@/core/ids';
import type { Db } from './client';
import { openSqliteDb, type SqliteHandle } from './client.node.js';
import { agents, type NewTrace, type Workspace, workspaces } from './schema';

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

/** An agent in the ctx's workspace, for tests that need one to hang rows on: its id. */
export async function createTestAgent(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'newId'>,
  name = 'agent',
): Promise<string> {
  const id = ctx.newId('agent');
  await ctx.db.insert(agents).values({ id, workspaceId: ctx.workspaceId, name });
  return id;
}

/** A trace row with the fewest columns (an empty eval view), for tests that write rows directly. */
export const bareTraceRow = (
  workspaceId: string,
  externalId: string,
  source: NewTrace['source'] = 'import',
): NewTrace => ({
  id: `tr_${externalId}`,
  workspaceId,
  source,
  externalId,
  startedAt: new Date(1_700_000_000_123),
  evalView: {
    version: 1,
    trace_id: externalId,
    steps: [],
    messages: [],
    input: null,
    output: null,
    metadata: {},
  },
  evalViewVersion: 1,
});
