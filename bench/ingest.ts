// Ingest throughput over real HTTP (OTLP JSON, OTLP protobuf, Langfuse batches; 100 traces x 10
// spans per request) against the same rows written straight through db.batch() in this run.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '@protobuf-ts/runtime';
import type { Ctx, Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createUnavailableSecrets } from '@/core/ports/secrets';
import { chunkRows, SQLITE_MAX_PARAMS, setMaxParams } from '@/db/chunk';
import { openSqliteDb } from '@/db/client.node.js';
import { type NewTrace, spans as spansTable, traces as tracesTable, workspaces } from '@/db/schema';
import { withoutFastPaths } from '@/db/testing';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { importFile } from '@/traces/import/import-file.node.js';
import { toSpanRow, traceRowId } from '@/traces/ingest/span-rows';
import { ExportTraceServiceRequest } from '@/traces/parsers/otlp/generated/opentelemetry/proto/collector/trace/v1/trace_service';
import { parseOtlpTraces } from '@/traces/parsers/otlp/parse-otlp-traces';
import { startIngestTestServer } from '../tests/helpers/ingest-test-server';

const REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 12);
const TRACES_PER_REQUEST = 100;
const SPANS_PER_TRACE = 10;
const CONCURRENCY = 4;
const dir = mkdtempSync(join(tmpdir(), 'iofold-bench-ingest-'));
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
const TEXT =
  'I would like to change my reservation to a later flight on the same day, preferably after 5pm. '.repeat(
    3,
  );

async function openDeps(
  name: string,
  options: { fastPath?: boolean } = {},
): Promise<{ deps: Deps; ctx: Ctx; close(): void }> {
  const handle = openSqliteDb({ path: join(dir, `${name}.db`) });
  await handle.db.insert(workspaces).values({ id: 'ws_bench', name: 'bench', slug: 'bench' });
  // without the raw batch fast path: every write is a Drizzle-built statement in db.batch()
  const db =
    options.fastPath === false
      ? setMaxParams(withoutFastPaths(handle.db), SQLITE_MAX_PARAMS)
      : handle.db;
  const jobEvents = createJobEventBus();
  const deps: Deps = {
    db,
    queue: createDbJobQueue({ db, now: systemClock, newId, jobEvents }),
    jobEvents,
    sandbox: createUnavailableSandbox('bench'),
    secrets: createUnavailableSecrets('bench'),
    log: silentLogger,
    now: systemClock,
    newId,
    version: 'bench',
  };
  return {
    deps,
    ctx: { ...deps, workspaceId: 'ws_bench', actor: { type: 'system' }, requestId: 'bench' },
    close: handle.close,
  };
}

function attr(key: string, value: string | number) {
  return { key, value: typeof value === 'number' ? { intValue: value } : { stringValue: value } };
}

function otlpRequest(r: number) {
  const spans = [];
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const traceId = hex(r + 1, 16) + hex(t + 1, 16);
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      const start = 1_700_000_000_000 + r * 1000 + s;
      const kind = s === 0 ? 'AGENT' : s % 2 ? 'LLM' : 'TOOL';
      const attributes = [attr('openinference.span.kind', kind)];
      if (kind === 'LLM') {
        attributes.push(
          attr('llm.model_name', 'gpt-4o'),
          attr('llm.input_messages.0.message.role', 'system'),
          attr('llm.input_messages.0.message.content', 'You are an airline agent.'),
          attr('llm.input_messages.1.message.role', 'user'),
          attr('llm.input_messages.1.message.content', TEXT),
          attr('llm.output_messages.0.message.role', 'assistant'),
          attr('llm.output_messages.0.message.content', TEXT),
          attr('llm.token_count.prompt', 120),
          attr('llm.token_count.completion', 40),
        );
      } else {
        attributes.push(attr('input.value', TEXT), attr('output.value', TEXT));
        if (kind === 'TOOL') {
          attributes.push(attr('tool.name', 'search_flights'));
        }
      }
      spans.push({
        traceId,
        spanId: hex(t * SPANS_PER_TRACE + s + 1, 16),
        ...(s === 0 ? {} : { parentSpanId: hex(t * SPANS_PER_TRACE + 1, 16) }),
        name: `${kind.toLowerCase()}-${s}`,
        kind: 1,
        startTimeUnixNano: `${start}000000`,
        endTimeUnixNano: `${start + 5}000000`,
        attributes,
        status: { code: 0 },
      });
    }
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'bench')] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  };
}

/** The same request as protobuf bytes, through the checked-in generated encoder. */
function toProtobuf(body: ReturnType<typeof otlpRequest>): Uint8Array {
  // Canonical proto3 JSON carries bytes as base64 where OTLP/JSON uses hex ids.
  const base64 = (h: string) => Buffer.from(h, 'hex').toString('base64');
  const copy = structuredClone(body) as unknown as {
    resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
  };
  for (const span of copy.resourceSpans[0]!.scopeSpans[0]!.spans) {
    span.traceId = base64(span.traceId as string);
    span.spanId = base64(span.spanId as string);
    if (span.parentSpanId) {
      span.parentSpanId = base64(span.parentSpanId as string);
    }
  }
  return ExportTraceServiceRequest.toBinary(
    ExportTraceServiceRequest.fromJson(copy as unknown as JsonValue),
  );
}

function langfuseBatch(r: number) {
  const batch = [];
  const ts = new Date(1_700_000_000_000 + r * 1000).toISOString();
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const traceId = `lf-${r}-${t}`;
    batch.push({
      id: `${traceId}-e`,
      type: 'trace-create',
      timestamp: ts,
      body: { id: traceId, name: 'bench', input: TEXT, timestamp: ts },
    });
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      const isGen = s % 2 === 1;
      batch.push({
        id: `${traceId}-e${s}`,
        type: isGen ? 'generation-create' : 'span-create',
        timestamp: ts,
        body: {
          id: `${traceId}-o${s}`,
          traceId,
          name: `obs-${s}`,
          startTime: ts,
          endTime: ts,
          input: isGen
            ? [
                { role: 'system', content: 'You are an airline agent.' },
                { role: 'user', content: TEXT },
              ]
            : TEXT,
          output: TEXT,
          ...(isGen ? { model: 'gpt-4o', usage: { input: 120, output: 40 } } : {}),
        },
      });
    }
  }
  return { batch, metadata: {} };
}

type Rate = { wall: number; cpu: number };

function timer(requests: number) {
  const spans = requests * TRACES_PER_REQUEST * SPANS_PER_TRACE;
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return (): Rate => {
    const used = process.cpuUsage(cpu);
    return {
      wall: spans / ((performance.now() - wall) / 1000),
      cpu: spans / ((used.user + used.system) / 1e6),
    };
  };
}

async function overHttp(
  label: string,
  bodies: (string | Uint8Array)[],
  path: string,
  contentType: string,
  options: { fastPath?: boolean } = {},
): Promise<Rate> {
  const { deps, close } = await openDeps(label, options);
  const server = await startIngestTestServer(deps, 'ws_bench');
  let next = 0;
  const stop = timer(bodies.length);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string | Uint8Array;
        const res = await fetch(`http://${new URL(server.url).host}${path}`, {
          method: 'POST',
          headers: { 'content-type': contentType, authorization: server.bearer },
          body: body as BodyInit,
        });
        if (res.status >= 300 && res.status !== 207) {
          throw new Error(`${label}: HTTP ${res.status} ${await res.text()}`);
        }
        await res.arrayBuffer();
      }
    }),
  );
  const rate = stop();
  await server.close();
  close();
  return rate;
}

async function directBatch(
  bodies: ReturnType<typeof otlpRequest>[],
  name = 'direct',
): Promise<Rate> {
  const { ctx, close } = await openDeps(name);
  const prepared = bodies.map((body) => {
    const traceRows: NewTrace[] = [];
    const spanRows = [];
    for (const t of parseOtlpTraces(body)) {
      const id = traceRowId(ctx.workspaceId, t.source, t.externalId);
      const { view, columns } = deriveEvalView(t, { traceId: id });
      traceRows.push({
        id,
        workspaceId: ctx.workspaceId,
        source: 'otlp',
        externalId: t.externalId,
        startedAt: new Date(columns.startTime ?? 0),
        name: columns.name,
        spanCount: columns.spanCount,
        inputPreview: columns.inputPreview,
        outputPreview: columns.outputPreview,
        evalView: view,
        evalViewVersion: view.version,
        metadata: t.metadata,
        tags: t.tags,
      });
      spanRows.push(...t.spans.map((s) => toSpanRow(ctx.workspaceId, id, s)));
    }
    return { traceRows, spanRows };
  });
  const stop = timer(bodies.length);
  for (const { traceRows, spanRows } of prepared) {
    const statements = [
      ...chunkRows(ctx.db, traceRows).map((c) => ctx.db.insert(tracesTable).values(c)),
      ...chunkRows(ctx.db, spanRows).map((c) => ctx.db.insert(spansTable).values(c)),
    ];
    await ctx.db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  }
  const rate = stop();
  close();
  return rate;
}

async function main() {
  const otlp = Array.from({ length: REQUESTS }, (_, r) => otlpRequest(r));
  // warm-up (JIT, module loading) so the first measured variant is not penalised for its position
  await overHttp(
    'warm-json',
    otlp.slice(0, 3).map((b) => JSON.stringify(b)),
    '/v1/traces',
    'application/json',
  );
  await overHttp(
    'warm-proto',
    otlp.slice(0, 3).map(toProtobuf),
    '/v1/traces',
    'application/x-protobuf',
  );
  await directBatch(otlp.slice(0, 3), 'warm-direct');
  const baseline = await directBatch(otlp);
  const json = await overHttp(
    'otlp-json',
    otlp.map((b) => JSON.stringify(b)),
    '/v1/traces',
    'application/json',
  );
  const proto = await overHttp(
    'otlp-proto',
    otlp.map(toProtobuf),
    '/v1/traces',
    'application/x-protobuf',
  );
  const lf = await overHttp(
    'langfuse',
    Array.from({ length: REQUESTS }, (_, r) => JSON.stringify(langfuseBatch(r))),
    '/api/public/ingestion',
    'application/json',
  );
  const jsonBuilder = await overHttp(
    'otlp-json-builder',
    otlp.map((b) => JSON.stringify(b)),
    '/v1/traces',
    'application/json',
    { fastPath: false },
  );
  const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US')}`.padStart(7);
  console.log(
    `ingest bench: ${REQUESTS} requests x ${TRACES_PER_REQUEST} traces x ${SPANS_PER_TRACE} spans, ${CONCURRENCY} clients`,
  );
  console.log(
    '  (spans/s of wall time; spans per CPU-second of this process, robust to a shared machine)',
  );
  const row = (name: string, rate: Rate) =>
    console.log(
      `  ${name.padEnd(34)} ${fmt(rate.wall)} spans/s (${pct(rate.wall, baseline.wall)})  ${fmt(rate.cpu)} spans/cpu-s (${pct(rate.cpu, baseline.cpu)})`,
    );
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0).padStart(3)}%`;
  row('direct db.batch() baseline', baseline);
  row('OTLP/JSON over HTTP', json);
  row('OTLP/protobuf over HTTP', proto);
  row('Langfuse batches over HTTP', lf);
  row('OTLP/JSON, Drizzle-built db.batch()', jsonBuilder);
  const tau = ['../shared', '/work/shared']
    .map((p) => join(p, 'data/tau-bench/gpt-4o-airline.json'))
    .find(existsSync);
  if (tau) {
    const { ctx, close } = await openDeps('tau');
    const started = performance.now();
    const result = await importFile(ctx, tau);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `  tau-bench import            ${result.tracesStored} traces in ${seconds.toFixed(2)} s = ${(result.tracesStored / seconds).toFixed(0)} traces/s`,
    );
    close();
  } else {
    console.log('  tau-bench import skipped: shared/data/tau-bench is absent');
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
