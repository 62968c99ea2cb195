import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, feedback, spans, systemPrompts, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import {
  type RecordedRequest,
  startRecordingServer,
} from '@/traces/testing/recording-server.node.js';
import {
  runLangfuseLegacySdk,
  runLangfuseOtelSdk,
} from '@/traces/testing/run-langfuse-sdks.node.js';
import { runOtelSdk } from '@/traces/testing/run-otel-sdk.node.js';
import { startIngestTestServer } from './helpers/ingest-test-server';

let deps: ReturnType<typeof createTestDeps>;
let server: Awaited<ReturnType<typeof startIngestTestServer>>;
let captured: RecordedRequest[] = [];

beforeAll(async () => {
  deps = createTestDeps();
  const ws = await createTestWorkspace(deps);
  server = await startIngestTestServer(deps, ws.id);
  const rec = await startRecordingServer();
  await runOtelSdk({ baseUrl: rec.url, protocol: 'json' });
  await runOtelSdk({ baseUrl: rec.url, protocol: 'protobuf', compression: 'gzip' });
  await runLangfuseLegacySdk({ baseUrl: rec.url, publicKey: 'pk-if-i', secretKey: 'sk-if-i' });
  await runLangfuseOtelSdk({ baseUrl: rec.url, publicKey: 'pk-if-i', secretKey: 'sk-if-i' });
  captured = rec.requests;
  await rec.close();
});
afterAll(async () => {
  await server.close();
  deps.close();
});

async function replay(requests: RecordedRequest[]) {
  for (const r of requests) {
    const headers: Record<string, string> = {
      authorization: server.bearer,
      'content-type': String(r.headers['content-type']),
    };
    if (r.headers['content-encoding']) {
      headers['content-encoding'] = String(r.headers['content-encoding']);
    }
    const res = await fetch(`${server.url}${r.path}`, {
      method: 'POST',
      headers,
      body: new Uint8Array(r.body) as BodyInit,
    });
    expect([200, 207]).toContain(res.status);
    await res.arrayBuffer();
  }
}

async function snapshot() {
  return {
    traces: await deps.db.select().from(traces),
    spans: await deps.db.select().from(spans),
    agents: await deps.db.select().from(agents),
    prompts: await deps.db.select().from(systemPrompts),
    feedback: await deps.db.select().from(feedback),
  };
}

describe('re-sending payloads', () => {
  it('changes nothing: same rows, same values, same timestamps', async () => {
    await replay(captured);
    const first = await snapshot();
    expect(first.traces.length).toBe(8);
    await replay(captured);
    await replay([...captured].reverse());
    expect(await snapshot()).toEqual(first);
  });
});
