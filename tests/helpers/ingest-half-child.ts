import { createInterface } from 'node:readline';
import type { Ctx } from '@/core/context';
import { openSqliteDb } from '@/db/client.node.js';
import { createTestDeps } from '@/hosts/test-deps';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { splitTrace } from '@/traces/ingest/testing/split-traces';

/** One writer of the concurrency test: ingests one half of every split trace into a shared file. */
const [databasePath, workspaceId, half, count, perRequest] = process.argv.slice(2);
const handle = openSqliteDb({ path: databasePath as string, migrate: false });
const deps = createTestDeps({ db: handle.db });
const ctx: Ctx = {
  ...deps,
  workspaceId: workspaceId as string,
  actor: { type: 'system' },
  requestId: half as string,
};
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line === 'go') {
    break;
  }
}
const total = Number(count);
const step = Number(perRequest);
for (let start = 0; start < total; start += step) {
  const batch = [];
  for (let n = start; n < Math.min(total, start + step); n++) {
    batch.push(splitTrace(n + 1, half as 'a' | 'b'));
  }
  await ingestTraces(ctx, { traces: batch });
}
handle.close();
deps.close();
process.stdout.write('done\n');
