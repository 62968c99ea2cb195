import type { Db } from '@/db/client';

const chains = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `fn` after every earlier call for the same database and workspace has settled. Ingest
 * reads stored spans, merges and writes the derived view; without this, two requests carrying
 * spans of one trace could each write a view missing the other's spans. Keyed on the `Db`
 * object like `chunk.ts`, so nothing is shared between databases.
 */
export async function withWorkspaceLock<T>(
  db: Db,
  workspaceId: string,
  fn: () => Promise<T>,
): Promise<T> {
  let byWorkspace = chains.get(db);
  if (!byWorkspace) {
    byWorkspace = new Map();
    chains.set(db, byWorkspace);
  }
  const previous = byWorkspace.get(workspaceId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  byWorkspace.set(workspaceId, settled);
  try {
    return await run;
  } finally {
    if (byWorkspace.get(workspaceId) === settled) {
      byWorkspace.delete(workspaceId);
    }
  }
}
