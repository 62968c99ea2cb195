import { inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteHandle } from './client.node.js';
import { inWorkspace } from './in-workspace';
import { preparedIdList, workspaceParam } from './prepared';
import { pendingScores } from './schema';
import { createTestDb, createTestWorkspace } from './testing';

let handle: SqliteHandle;
afterEach(() => handle?.close());

const byExternalId = preparedIdList((db, ids) =>
  db
    .select({ id: pendingScores.id, externalId: pendingScores.traceExternalId })
    .from(pendingScores)
    .where(
      inWorkspace(workspaceParam, pendingScores, [inArray(pendingScores.traceExternalId, ids)]),
    )
    .prepare(),
);

async function seed() {
  handle = createTestDb();
  const mine = await createTestWorkspace(handle);
  const other = await createTestWorkspace(handle, 'Other');
  const score = { externalId: null, name: 'x', value: 1, comment: null, spanId: null };
  const row = (workspaceId: string, n: number) => ({
    id: `ps_${workspaceId}_${n}`,
    workspaceId,
    source: 'langfuse',
    traceExternalId: `t${n}`,
    score,
  });
  // mine: t0..t199 except multiples of 7; the other workspace: every t0..t199
  const rows = Array.from({ length: 200 }, (_, n) => n);
  await handle.db
    .insert(pendingScores)
    .values(rows.filter((n) => n % 7 !== 0).map((n) => row(mine.id, n)));
  await handle.db.insert(pendingScores).values(rows.map((n) => row(other.id, n)));
  return mine.id;
}

describe('preparedIdList', () => {
  it('answers the rows of exactly the listed ids in the workspace, whatever the list length', async () => {
    const workspaceId = await seed();
    for (const length of [0, 1, 3, 5, 17, 64, 89, 90, 91, 150, 200]) {
      // every third id, from the far end, with one repeated: matches and misses in any order
      const ids = Array.from({ length }, (_, i) => `t${199 - ((i * 3) % 200)}`);
      if (length > 2) {
        ids.push(ids[1] as string);
      }
      const rows = await byExternalId(handle.db, ids, { workspaceId });
      const expected = [...new Set(ids)].filter((id) => Number(id.slice(1)) % 7 !== 0);
      expect(rows.map((r) => r.externalId).sort()).toEqual(expected.sort());
      expect(rows.every((r) => r.id.startsWith(`ps_${workspaceId}_`))).toBe(true);
    }
  });
});
