import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import type { IngestThreads } from '@/core/ports/ingest-threads';
import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb, type SqliteHandle } from '@/db/client.node.js';
import { workspaces } from '@/db/schema';
import { createTestDeps } from '@/hosts/test-deps';
import { INGEST_LIMITS } from '../ingest-limits';
import { encodeOtlpProtobuf } from '../parsers/otlp/testing/encode-otlp-protobuf';
import { ingestOtlpBody } from './ingest-otlp-body';
import { createIngestThreadPool, type IngestThreadPool } from './ingest-threads.node';

const dir = mkdtempSync(join(tmpdir(), 'iofold-ingest-threads-'));
let pool: IngestThreadPool;
let files = 0;
const WORKSPACE = 'ws_threads';
const NOW = Date.parse('2026-12-04T12:00:00Z');

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
function otlpBody(request: number) {
  const traceId = `${request.toString(16).padStart(16, '0')}${'0'.repeat(15)}1`;
  const span = (n: number, kind: string, extra: ReturnType<typeof attr>[]) => ({
    traceId,
    spanId: n.toString(16).padStart(16, '0'),
    ...(n === 1 ? {} : { parentSpanId: '0000000000000001' }),
    name: `${kind.toLowerCase()}-${n}`,
    kind: 1,
    startTimeUnixNano: `${1_700_000_000_000 + request * 1000 + n}000000`,
    endTimeUnixNano: `${1_700_000_000_000 + request * 1000 + n + 5}000000`,
    attributes: [attr('openinference.span.kind', kind), ...extra],
    status: { code: 0 },
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'threads-test')] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              span(1, 'AGENT', [
                // request 3's eval view is large enough to be stored deflated (a blob parameter)
                attr('input.value', 'change my flight '.repeat(request === 3 ? 200 : 1)),
                attr('output.value', 'done'),
              ]),
              span(2, 'LLM', [
                attr('llm.model_name', 'gpt-4o'),
                attr('llm.input_messages.0.message.role', 'system'),
                attr('llm.input_messages.0.message.content', 'You are an airline agent.'),
                attr('llm.input_messages.1.message.role', 'user'),
                attr('llm.input_messages.1.message.content', `change flight ${request}`),
                attr('llm.output_messages.0.message.role', 'assistant'),
                attr('llm.output_messages.0.message.content', 'searching'),
              ]),
              span(3, 'TOOL', [
                attr('tool.name', 'search_flights'),
                attr('input.value', '{"to":"SFO"}'),
                attr('output.value', '[]'),
              ]),
            ],
          },
        ],
      },
    ],
  };
}

/** A context over a new database file; with `threads`, ingesting through the pool's threads. */
async function fileCtx(threads = false) {
  const path = join(dir, `db-${files++}.db`);
  const handle = openSqliteDb({ path });
  const seen = { plans: 0 };
  const port: IngestThreads = {
    planOtlp: async (input) => {
      const plan = await pool.forDatabase(path).planOtlp(input);
      seen.plans += plan ? 1 : 0; // null: the request ran in the caller's thread
      return plan;
    },
  };
  const deps = createTestDeps({
    db: handle.db,
    now: () => new Date(NOW),
    ingestThreads: threads ? port : undefined,
  });
  await deps.db.insert(workspaces).values({ id: WORKSPACE, name: 'threads', slug: WORKSPACE });
  return { ctx: createSystemCtx(deps, WORKSPACE, 'test'), handle, seen };
}

const json = (body: unknown) => ({
  body: new TextEncoder().encode(JSON.stringify(body)),
  contentType: 'application/json',
  limits: INGEST_LIMITS,
});

/**
 * Every row of the tables an OTLP ingest writes, but for the times the schema stamps with the real
 * clock and trace summaries' random ids.
 */
function rowsOf(handle: SqliteHandle) {
  const read = (sql: string) =>
    (handle.sqlite.prepare(sql).all() as Record<string, unknown>[]).map(
      ({ created_at: _c, updated_at: _u, ...row }) => row,
    );
  return {
    traces: read('SELECT * FROM traces ORDER BY id'),
    spans: read('SELECT * FROM spans ORDER BY trace_id, span_id'),
    prompts: read('SELECT * FROM system_prompts ORDER BY id'),
    agents: read('SELECT * FROM agents ORDER BY id'),
    summaries: read('SELECT trace_id, body FROM trace_summaries ORDER BY trace_id'),
  };
}

beforeAll(async () => {
  pool = createIngestThreadPool({ threads: 1 });
  // the thread starts at the first request and compiles its modules; until then requests are planned here
  const { ctx, handle, seen } = await fileCtx(true);
  const started = Date.now();
  for (let r = 1000; seen.plans === 0 && Date.now() - started < 50_000; r++) {
    await ingestOtlpBody(ctx, json(otlpBody(r)));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  handle.close();
  expect(seen.plans, 'the ingest thread never answered a plan').toBeGreaterThan(0);
}, 60_000);

afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OTLP ingest planned on a thread', () => {
  it('writes the same rows as an ingest in the caller thread, and nothing when re-sent', async () => {
    const here = await fileCtx();
    const there = await fileCtx(true);
    for (const r of [1, 2, 3]) {
      const body = json(otlpBody(r));
      await ingestOtlpBody(here.ctx, body);
      await ingestOtlpBody(there.ctx, body);
    }
    const resent = await ingestOtlpBody(there.ctx, json(otlpBody(1)));
    expect(there.seen.plans).toBe(4);
    expect(resent.spansWritten).toBe(0);
    expect(resent.traces.map((t) => t.changed)).toEqual([false]);
    const blobs = "SELECT count(*) FROM traces WHERE typeof(eval_view) = 'blob'";
    expect(there.handle.sqlite.prepare(blobs).pluck().get()).toBe(1);
    expect(rowsOf(there.handle)).toEqual(rowsOf(here.handle));
    here.handle.close();
    there.handle.close();
  });

  it('takes protobuf bodies, like the caller thread', async () => {
    const here = await fileCtx();
    const there = await fileCtx(true);
    const body = {
      body: encodeOtlpProtobuf(otlpBody(7)),
      contentType: 'application/x-protobuf',
      limits: INGEST_LIMITS,
    };
    await ingestOtlpBody(here.ctx, body);
    await ingestOtlpBody(there.ctx, body);
    expect(there.seen.plans).toBe(1);
    expect(rowsOf(there.handle)).toEqual(rowsOf(here.handle));
    here.handle.close();
    there.handle.close();
  });

  it('answers the same error as the caller thread for a body it refuses', async () => {
    const here = await fileCtx();
    const there = await fileCtx(true);
    const refused = async (ctx: Ctx, body: unknown) =>
      ingestOtlpBody(ctx, json(body)).then(
        () => null,
        (error: unknown) =>
          isAppError(error)
            ? { code: error.code, message: error.message, details: error.details }
            : error,
      );
    for (const body of [
      { resourceSpans: 'no' },
      { resourceSpans: [{ scopeSpans: [{ spans: [{}] }] }] },
    ]) {
      const expected = await refused(here.ctx, body);
      expect(expected).not.toBeNull();
      expect(await refused(there.ctx, body)).toEqual(expected);
    }
    here.handle.close();
    there.handle.close();
  });
});
