import { gzipSync } from 'node:zlib';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { startRecordingServer } from '@/traces/testing/recording-server.node.js';
import { runLangfuseLegacySdk } from '@/traces/testing/run-langfuse-sdks.node.js';
import { runOtelSdk } from '@/traces/testing/run-otel-sdk.node.js';
import { startIngestTestServer } from './helpers/ingest-test-server';

/** Deterministic PRNG (mulberry32) so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: unknown[] = [
  null,
  -1,
  1e308,
  '',
  'x'.repeat(5000),
  [],
  {},
  true,
  '\u0000',
  '😀',
  { nested: { deeper: [1, { a: null }] } },
  '9'.repeat(40),
];

function mutateJson(value: unknown, rand: () => number, depth = 0): unknown {
  if (Array.isArray(value)) {
    if (value.length > 0 && rand() < 0.2) {
      return rand() < 0.5 ? value.slice(1) : [...value, value[0]];
    }
    return value.map((v) => (rand() < 0.3 ? mutateJson(v, rand, depth + 1) : v));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = rand();
      if (r < 0.05) {
        continue;
      }
      out[k] =
        r < 0.12
          ? WEIRD[Math.floor(rand() * WEIRD.length)]
          : rand() < 0.4
            ? mutateJson(v, rand, depth + 1)
            : v;
    }
    return out;
  }
  return rand() < 0.3 ? WEIRD[Math.floor(rand() * WEIRD.length)] : value;
}

function mutateBytes(bytes: Uint8Array, rand: () => number): Uint8Array {
  const out = new Uint8Array(bytes);
  const r = rand();
  if (r < 0.3) {
    return out.slice(0, Math.floor(rand() * out.length));
  }
  for (let i = 0; i < 1 + Math.floor(rand() * 8); i++) {
    out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
  }
  return out;
}

let deps: ReturnType<typeof createTestDeps>;
let server: Awaited<ReturnType<typeof startIngestTestServer>>;
const seeds: { otlpJson: unknown[]; otlpProto: Uint8Array[]; langfuse: unknown[] } = {
  otlpJson: [],
  otlpProto: [],
  langfuse: [],
};

beforeAll(async () => {
  deps = createTestDeps();
  const ws = await createTestWorkspace(deps);
  server = await startIngestTestServer(deps, ws.id);
  const rec = await startRecordingServer();
  await runOtelSdk({ baseUrl: rec.url, protocol: 'json' });
  await runOtelSdk({ baseUrl: rec.url, protocol: 'protobuf' });
  await runLangfuseLegacySdk({ baseUrl: rec.url, publicKey: 'pk-if-f', secretKey: 'sk-if-f' });
  for (const r of rec.requests) {
    if (r.path.startsWith('/api/public/ingestion')) {
      seeds.langfuse.push(JSON.parse(r.body.toString('utf8')));
    } else if (r.headers['content-type'] === 'application/x-protobuf') {
      seeds.otlpProto.push(new Uint8Array(r.body));
    } else {
      seeds.otlpJson.push(JSON.parse(r.body.toString('utf8')));
    }
  }
  await rec.close();
});
afterAll(async () => {
  await server.close();
  deps.close();
});

async function rowCounts() {
  const [t] = await deps.db.select({ n: count() }).from(traces);
  const [s] = await deps.db.select({ n: count() }).from(spans);
  return { traces: t!.n, spans: s!.n };
}

async function post(path: string, body: Uint8Array | string, headers: Record<string, string>) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: server.bearer, ...headers },
    body: body as BodyInit,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('fuzzing the ingest endpoints with mutations of real SDK payloads', () => {
  it('never answers 5xx, and a rejected request writes nothing', async () => {
    const statuses = new Map<number, number>();
    for (let seed = 1; seed <= 240; seed++) {
      const rand = rng(seed);
      const kind = seed % 4;
      const before = await rowCounts();
      let status: number;
      if (kind === 0) {
        const base = seeds.otlpJson[seed % seeds.otlpJson.length];
        status = await post('/v1/traces', JSON.stringify(mutateJson(base, rand)), {
          'content-type': 'application/json',
        });
      } else if (kind === 1) {
        const base = seeds.otlpProto[seed % seeds.otlpProto.length] as Uint8Array;
        status = await post('/v1/traces', mutateBytes(base, rand), {
          'content-type': 'application/x-protobuf',
        });
      } else if (kind === 2) {
        const base = new TextEncoder().encode(
          JSON.stringify(seeds.otlpJson[seed % seeds.otlpJson.length]),
        );
        const body =
          rand() < 0.5
            ? mutateBytes(new Uint8Array(gzipSync(base)), rand)
            : mutateBytes(base, rand);
        status = await post('/api/public/otel/v1/traces', body, {
          'content-type': 'application/json',
          'content-encoding': rand() < 0.5 ? 'gzip' : 'identity',
        });
      } else {
        const base = seeds.langfuse[seed % seeds.langfuse.length];
        status = await post('/api/public/ingestion', JSON.stringify(mutateJson(base, rand)), {
          'content-type': 'application/json',
        });
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status, `seed ${seed}`).toBeLessThan(500);
      if (status >= 400) {
        expect(await rowCounts(), `seed ${seed} was rejected but wrote rows`).toEqual(before);
      }
    }
    console.log('fuzz statuses', Object.fromEntries(statuses));
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  });
});
