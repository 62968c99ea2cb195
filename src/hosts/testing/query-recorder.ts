import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb } from '@/db/client.node.js';
import { createTestWorkspace } from '@/db/testing';
import { explainQueries, type RecordedQuery } from '@/evals/matrix/explain-queries.node';
import { createTestDeps } from '../test-deps';

/**
 * A fresh in-memory database for query-plan tests and a system context in a new workspace of it;
 * `record(work)` runs `work` and answers its result and the plans of the queries it ran.
 */
export async function createRecordingCtx() {
  const recorded: RecordedQuery[] = [];
  let recording = false;
  const handle = openSqliteDb({
    path: ':memory:',
    onQuery: (sql, params) => {
      if (recording) {
        recorded.push({ sql, params });
      }
    },
  });
  const ws = await createTestWorkspace(handle);
  const ctx = createSystemCtx(createTestDeps({ db: handle.db }), ws.id, 'plan');
  async function record<T>(work: () => Promise<T>) {
    recorded.length = 0;
    recording = true;
    let result: T;
    try {
      result = await work();
    } finally {
      recording = false;
    }
    return { result, queries: explainQueries(handle.sqlite, recorded) };
  }
  return { handle, ctx, record };
}
