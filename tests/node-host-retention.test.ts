import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeConfigFromEnv } from '@/core/config';
import { silentLogger } from '@/core/logger';
import { createSystemCtx } from '@/core/system-ctx';
import { traces, workspaces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { type NodeHost, startNodeHost } from '@/hosts/node';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { emptySpan, emptyTrace, type NormalisedTrace } from '@/traces/normalised-trace';

/**
 * Issue #24: the Node host's in-process schedule applies each workspace's retention. Fake timers
 * stand in for the hour: the timer's first run (5 s after start) and its interval are driven by
 * the test, while the database, the host and the clock the cutoff is read from are real.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
let dataDir: string;
let host: NodeHost;

function trace(id: string, daysAgo: number, labelled = false): NormalisedTrace {
  const t = emptyTrace('api', id);
  const llm = emptySpan('llm', 'assistant', Date.now() - daysAgo * DAY);
  llm.kind = 'LLM';
  llm.endTime = llm.startTime + 1000;
  llm.inputMessages = [{ role: 'user', content: `Where is my refund for order ${id}?` }];
  llm.outputMessages = [{ role: 'assistant', content: `Order ${id} was refunded.` }];
  t.spans = [llm];
  t.label = labelled ? { rating: 'negative', notes: null } : null;
  return t;
}

async function externalIds(workspaceId: string) {
  const rows = await host.deps.db
    .select({ id: traces.externalId })
    .from(traces)
    .where(eq(traces.workspaceId, workspaceId))
    .orderBy(traces.externalId);
  return rows.map((r) => r.id);
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  dataDir = mkdtempSync(join(tmpdir(), 'iofold-host-retention-'));
  host = await startNodeHost(
    nodeConfigFromEnv({ IOFOLD_SANDBOX: 'off' }, { dataDir, port: 0 }),
    silentLogger,
    { jobs: { worker: false } },
  );
});
afterEach(async () => {
  await host.close();
  vi.useRealTimers();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Node host scheduled retention', () => {
  it('drops old traces per workspace settings when the timer fires, keeping labelled ones', async () => {
    const kept = await createTestWorkspace(host.deps, 'keeps everything');
    const trimmed = await createTestWorkspace(host.deps, 'thirty days');
    await host.deps.db
      .update(workspaces)
      .set({ settings: { retention: { traceDays: 30 } } })
      .where(eq(workspaces.id, trimmed.id));
    await ingestTraces(createSystemCtx(host.deps, trimmed.id), {
      traces: [trace('old', 40), trace('old-labelled', 40, true), trace('recent', 3)],
    });
    await ingestTraces(createSystemCtx(host.deps, kept.id), { traces: [trace('other-old', 40)] });

    await vi.advanceTimersByTimeAsync(4_000);
    expect(await externalIds(trimmed.id)).toEqual(['old', 'old-labelled', 'recent']);

    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(async () =>
      expect(await externalIds(trimmed.id)).toEqual(['old-labelled', 'recent']),
    );
    expect(await externalIds(kept.id)).toEqual(['other-old']);

    // the hourly interval runs it again: a trace that arrives old later is dropped then
    await ingestTraces(createSystemCtx(host.deps, trimmed.id), { traces: [trace('late', 50)] });
    await vi.advanceTimersByTimeAsync(HOUR - 10_000);
    expect(await externalIds(trimmed.id)).toContain('late');
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.waitFor(async () =>
      expect(await externalIds(trimmed.id)).toEqual(['old-labelled', 'recent']),
    );
  });
});
