/**
 * Ingest throughput over real HTTP (the whole app: auth, body limits, parsing, derivation,
 * idempotent writes): OTLP JSON, OTLP protobuf and Langfuse batches, 12 requests of 100 traces x
 * 10 spans from 4 concurrent clients, each run into a new SQLite file. With `--scale`, the same
 * ingest into a workspace that already holds 1,000,000 spans, against an empty one.
 *
 * Why the baseline is a ceiling: it writes exactly the rows the product wrote for the same
 * requests (read back from a product run: every table, as stored) with one prepared INSERT per
 * table, all in one transaction, into the same schema with the same indexes, triggers and foreign
 * keys. Nothing is parsed, derived, checked or batched per request, so no ingest path can write
 * those rows faster on this machine; the ratio is the share of the raw write speed the product keeps.
 * The targets are against that one transaction. The product must commit each request on its own
 * (each is answered only once it is stored, atomically), which the same rows replayed in one
 * transaction per request also pay (WAL commits): printed beside it, as context. Both run on the
 * embedded connection, whose WAL checkpoints a thread of its own does (docs/storage.md), so neither
 * the baseline's commit nor a request's waits for one. The product's commits wake that thread, so
 * its checkpoints fall in the product's CPU time (about 3.5 ms per 1,000 spans: bench/README.md);
 * the baseline writes on the connection directly and never wakes it, so its pages are checkpointed
 * only when its file is closed, after its timing: a ceiling that leaves that work out, on purpose
 * (bench/README.md says why: the rows are stored at the commit, and the copy can wait).
 *
 * Each run's CPU time (this process: server and clients, per 1,000 spans) is printed beside its
 * rate, with the raw insert's CPU time over it per round: a figure the load of the shared machine
 * bends far less than wall time, for comparing code under load (the targets stay the wall ratios).
 *
 * Beside them, as context, the floor under any OTLP/JSON ingest measured this way: the same clients
 * and bodies against a server that only reads and parses each body. No product can be faster than
 * that, whatever it stores, so it says how much of the target is left for everything else.
 */

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { decodeUtf8, parseJsonStrict } from '@/traces/ingest-limits';
import { startIngestTestServer } from '../../tests/helpers/ingest-test-server';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { interleave, ratioSpread, rssMb, spread, timeWallCpu } from '../lib/measure';
import { startBench } from '../lib/report';
import {
  langfuseBatch,
  otlpRequest,
  SPANS_PER_TRACE,
  TRACES_PER_REQUEST,
  toProtobuf,
} from './otlp-bodies';
import { countRows, insertRaw, rowidMarks, rowsAddedSince, type TableRows } from './raw-rows';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 12);
const CONCURRENCY = 4;
const SPANS = REQUESTS * TRACES_PER_REQUEST * SPANS_PER_TRACE;
const bench = startBench(
  'ingest',
  `Ingest: ${REQUESTS} requests × ${TRACES_PER_REQUEST} traces × ${SPANS_PER_TRACE} spans over HTTP, ${CONCURRENCY} clients, SQLite file`,
);
const scratch = scratchDir('ingest');
const WORKSPACE = 'ws_bench';

type Format = {
  name: string;
  path: string;
  contentType: string;
  body(r: number): string | Uint8Array;
};
const FORMATS: Format[] = [
  {
    name: 'OTLP JSON',
    path: '/v1/traces',
    contentType: 'application/json',
    body: (r) => JSON.stringify(otlpRequest(r)),
  },
  {
    name: 'OTLP protobuf',
    path: '/v1/traces',
    contentType: 'application/x-protobuf',
    body: (r) => toProtobuf(otlpRequest(r)),
  },
  {
    name: 'Langfuse batches',
    path: '/api/public/ingestion',
    contentType: 'application/json',
    body: (r) => JSON.stringify(langfuseBatch(r)),
  },
];

let files = 0;
async function newDatabase(file = scratch.file(`ingest-${files++}.db`)) {
  const deps = openBenchDeps(file);
  await insertWorkspace(deps, WORKSPACE);
  return deps;
}

type Server = Pick<Awaited<ReturnType<typeof startIngestTestServer>>, 'url' | 'bearer'>;

/**
 * CPU time per 1,000 spans of every run, by variant (in round order): this process's CPU, server
 * and clients together, which load on the shared machine bends far less than wall time.
 */
const cpuPer1000 = new Map<string, number[]>();
const recordCpu = (variant: string, cpuMs: number, spans: number) => {
  cpuPer1000.set(variant, [...(cpuPer1000.get(variant) ?? []), (cpuMs * 1000) / spans]);
};

/**
 * Posts requests `first`..`first + count - 1` from CONCURRENCY clients; spans per second (CPU time
 * recorded under `variant`).
 */
async function post(
  server: Server,
  format: Format,
  first: number,
  count = REQUESTS,
  variant = format.name,
) {
  const bodies = Array.from({ length: count }, (_, i) => format.body(first + i));
  let next = 0;
  const spans = count * TRACES_PER_REQUEST * SPANS_PER_TRACE;
  const { wallMs: ms, cpuMs } = await timeWallCpu(() =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string | Uint8Array;
          const res = await fetch(`${server.url}${format.path}`, {
            method: 'POST',
            headers: { 'content-type': format.contentType, authorization: server.bearer },
            body: body as BodyInit,
          });
          if (res.status >= 300) {
            throw new Error(`${format.name}: HTTP ${res.status} ${await res.text()}`);
          }
          await res.arrayBuffer();
        }
      }),
    ),
  );
  recordCpu(variant, cpuMs, spans);
  return spans / (ms / 1000);
}

/** One product run into a new database: its rate and the rows it added. */
async function productRun(format: Format) {
  const deps = await newDatabase();
  const server = await startIngestTestServer(deps, WORKSPACE);
  const marks = rowidMarks(deps.handle.sqlite);
  const rate = await post(server, format, 0);
  const rows = rowsAddedSince(deps.handle.sqlite, marks);
  await server.close();
  deps.close();
  if (countRows(rows, 'spans') !== SPANS) {
    throw new Error(`${format.name} stored ${countRows(rows, 'spans')} spans of ${SPANS}`);
  }
  return { rate, rows };
}

/**
 * The floor under any OTLP/JSON ingest in this process: the same clients post the same bodies to a
 * server of the same HTTP library whose handler only reads the body and parses it as the product
 * route does (strict UTF-8, JSON.parse, the depth check), then answers \`{}\`: no app, no
 * auth, no mapping, no storage.
 */
async function parseOnlyRun() {
  const app = new Hono().post(FORMATS[0]?.path as string, async (c) => {
    parseJsonStrict(decodeUtf8(new Uint8Array(await c.req.arrayBuffer())));
    return c.json({}, 200);
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const rate = await post(
    { url, bearer: '' },
    FORMATS[0] as Format,
    0,
    REQUESTS,
    'HTTP and JSON.parse alone',
  );
  await new Promise((resolve) => server.close(resolve));
  return rate;
}

async function rawRun(rows: TableRows[], transactions = 1, variant = '') {
  const deps = await newDatabase();
  const { wallMs: ms, cpuMs } = await timeWallCpu(() =>
    insertRaw(deps.handle.sqlite, rows, transactions),
  );
  deps.close();
  if (variant) {
    recordCpu(variant, cpuMs, SPANS);
  }
  return SPANS / (ms / 1000);
}

// The first run of each format warms the JIT and records the rows its baseline replays.
const captured = new Map<string, TableRows[]>();
for (const format of FORMATS) {
  captured.set(format.name, (await productRun(format)).rows);
}
cpuPer1000.clear();
const otlpRows = captured.get('OTLP JSON') as TableRows[];
const langfuseRows = captured.get('Langfuse batches') as TableRows[];
const rounds = await interleave(ROUNDS, {
  rawOtlp: () => rawRun(otlpRows, 1, 'raw OTLP'),
  rawOtlpPerRequest: () => rawRun(otlpRows, REQUESTS, 'raw OTLP per request'),
  rawLangfuse: () => rawRun(langfuseRows, 1, 'raw Langfuse'),
  parseOnly: () => parseOnlyRun(),
  json: async () => (await productRun(FORMATS[0] as Format)).rate,
  protobuf: async () => (await productRun(FORMATS[1] as Format)).rate,
  langfuse: async () => (await productRun(FORMATS[2] as Format)).rate,
});
const describe = (rows: TableRows[]) =>
  rows.map((t) => `${t.table} ${t.rows.length.toLocaleString('en-US')}`).join(', ');
bench.figure({
  name: 'baseline: the OTLP rows, raw prepared INSERTs in one transaction',
  unit: 'spans/s',
  value: spread(rounds.rawOtlp),
});
bench.figure({
  name: `context: the same rows in ${REQUESTS} transactions, one per request`,
  unit: 'spans/s',
  value: spread(rounds.rawOtlpPerRequest),
  ratio: { of: 'one transaction', value: ratioSpread(rounds.rawOtlpPerRequest, rounds.rawOtlp) },
});
bench.figure({
  name: 'context: HTTP and JSON.parse alone (the same clients and bodies, no app, no storage)',
  unit: 'spans/s',
  value: spread(rounds.parseOnly),
  ratio: {
    of: 'raw insert of the OTLP rows',
    value: ratioSpread(rounds.parseOnly, rounds.rawOtlp),
  },
});
bench.figure({
  name: 'OTLP JSON over HTTP',
  unit: 'spans/s',
  value: spread(rounds.json),
  ratio: { of: 'raw insert of its rows', value: ratioSpread(rounds.json, rounds.rawOtlp) },
  target: 'ingest-otlp-json',
});
bench.figure({
  name: 'context: OTLP JSON over HTTP against its rows in one transaction per request',
  unit: 'spans/s',
  value: spread(rounds.json),
  ratio: {
    of: 'raw insert, one transaction per request',
    value: ratioSpread(rounds.json, rounds.rawOtlpPerRequest),
  },
});
bench.figure({
  name: 'OTLP protobuf over HTTP',
  unit: 'spans/s',
  value: spread(rounds.protobuf),
  ratio: { of: 'raw insert of its rows', value: ratioSpread(rounds.protobuf, rounds.rawOtlp) },
  target: 'ingest-otlp-protobuf',
});
bench.figure({
  name: 'baseline: the Langfuse rows, raw prepared INSERTs in one transaction',
  unit: 'spans/s',
  value: spread(rounds.rawLangfuse),
});
bench.figure({
  name: 'Langfuse batches over HTTP',
  unit: 'spans/s',
  value: spread(rounds.langfuse),
  ratio: { of: 'raw insert of its rows', value: ratioSpread(rounds.langfuse, rounds.rawLangfuse) },
});
const cpuOf = (variant: string) => cpuPer1000.get(variant) ?? [];
for (const [format, raw] of [
  ['HTTP and JSON.parse alone', 'raw OTLP'],
  ['OTLP JSON', 'raw OTLP'],
  ['OTLP protobuf', 'raw OTLP'],
  ['Langfuse batches', 'raw Langfuse'],
] as const) {
  bench.figure({
    name: `context: CPU time of ${format} over HTTP (server and clients, one process)`,
    unit: 'ms per 1,000 spans',
    value: spread(cpuOf(format)),
    ratio: {
      of: 'CPU time of the raw insert of its rows (its share of the raw speed by CPU time)',
      value: ratioSpread(cpuOf(raw), cpuOf(format)),
    },
  });
}
bench.note(
  `CPU time of the raw inserts, ms per 1,000 spans: OTLP rows ${spread(cpuOf('raw OTLP')).median.toFixed(1)}, Langfuse rows ${spread(cpuOf('raw Langfuse')).median.toFixed(1)}.`,
);
const floorCpu = spread(cpuOf('HTTP and JSON.parse alone')).median;
const perRequestCpu = spread(cpuOf('raw OTLP per request')).median;
bench.note(
  `The floor, in CPU time per 1,000 spans: HTTP and JSON.parse alone ${floorCpu.toFixed(1)} ms, plus the raw insert of the OTLP rows in one transaction per request ${perRequestCpu.toFixed(1)} ms (what any ingest that commits each request writes) = ${(floorCpu + perRequestCpu).toFixed(1)} ms; 35% of the raw insert's speed by CPU time allows ${(spread(cpuOf('raw OTLP')).median / 0.35).toFixed(1)} ms for all of it.`,
);
bench.note(`Rows per run, OTLP: ${describe(otlpRows)}. Langfuse: ${describe(langfuseRows)}.`);
bench.note(
  'Protobuf requests carry the same spans as the JSON ones; their baseline is the rows the JSON run wrote (the same count of spans is checked on every run).',
);

if (bench.scale) {
  const TARGET_SPANS = 1_000_000;
  const big = await newDatabase(scratch.file('ingest-1m.db'));
  const bigServer = await startIngestTestServer(big, WORKSPACE);
  const fill = TARGET_SPANS / (TRACES_PER_REQUEST * SPANS_PER_TRACE);
  const fillStarted = performance.now();
  const json = FORMATS[0] as Format;
  for (let first = 1_000_000; first < 1_000_000 + fill; first += 50) {
    await post(bigServer, json, first, 50);
  }
  big.handle.sqlite.exec('ANALYZE');
  const spansBefore = big.handle.sqlite.prepare('SELECT count(*) FROM spans').pluck().get();
  bench.note(
    `Scale: filled a workspace with ${Number(spansBefore).toLocaleString('en-US')} spans through the same HTTP path in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s.`,
  );
  const scaleRounds = await interleave(ROUNDS, {
    empty: async () => (await productRun(json)).rate,
    full: (round) => post(bigServer, json, 2_000_000 + round * REQUESTS),
  });
  await bigServer.close();
  big.close();
  bench.figure({
    name: 'scale: OTLP JSON into an empty workspace',
    unit: 'spans/s',
    value: spread(scaleRounds.empty),
  });
  bench.figure({
    name: 'scale: OTLP JSON into a workspace of 1,000,000 spans',
    unit: 'spans/s',
    value: spread(scaleRounds.full),
    ratio: { of: 'the empty workspace', value: ratioSpread(scaleRounds.full, scaleRounds.empty) },
  });
}
bench.figure({
  name: 'process RSS after the runs (server and clients in one process; one reading)',
  unit: 'MB',
  value: spread([rssMb()]),
});
scratch.remove();
bench.done();
