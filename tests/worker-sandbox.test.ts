import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { type SandboxServer, startSandboxServer } from '@/sandbox/sandbox-server.node.js';
import { apiCaller, bundleWorker, migrateD1, seedOwnerKey } from './helpers/workerd';

const SECRET = 'worker-sandbox-test-secret-0123456789';
const sandbox = createPyodideSandbox({ poolSize: 1 });
let server: SandboxServer;
let script: string;
const instances: Miniflare[] = [];

/** A Worker on its own D1 with the given bindings, a workspace, an owner key and an agent. */
async function startWorker(bindings: Record<string, string>) {
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    d1Databases: ['DB'],
    bindings,
  });
  instances.push(mf);
  const call = apiCaller(mf, await seedOwnerKey(await migrateD1(mf), 'ws_sandbox'));
  const agent = await call('POST', '/v1/agents', { name: 'support' });
  return { mf, call, agentId: agent.body.id as string };
}

beforeAll(async () => {
  server = await startSandboxServer({ port: 0, secret: SECRET, sandbox });
  script = await bundleWorker();
}, 60_000);
afterAll(async () => {
  await Promise.all(instances.map((mf) => mf.dispose()));
  await server?.close();
  await sandbox.close();
});

describe('Worker host with the remote sandbox service', () => {
  it('reaches the Node sandbox over HTTP with the shared secret and reports its layers', async () => {
    const { mf } = await startWorker({ SANDBOX_URL: server.url, SANDBOX_SECRET: SECRET });
    const response = await mf.dispatchFetch('http://iofold.test/health');
    const body = (await response.json()) as {
      status: string;
      sandbox: { available: boolean; layers: { name: string; active: boolean }[] };
    };
    expect(body.status).toBe('green');
    expect(body.sandbox.available).toBe(true);
    expect(body.sandbox.layers.map((l) => l.name)).toContain('child-process-pool');
  });

  it('with the sandbox up: generate and refine for an agent without good and bad labels answer 412 and queue nothing', async () => {
    const worker = await startWorker({ SANDBOX_URL: server.url, SANDBOX_SECRET: SECRET });
    const saved = await worker.call('POST', '/v1/evals', {
      agentId: worker.agentId,
      code: 'def eval_polite(trace):\n    return True, "ok"\n',
    });
    expect(saved.status).toBe(201);
    const asks = [
      {
        goal: 'generate',
        path: `/v1/agents/${worker.agentId}/evals/generate`,
        body: { force: true },
      },
      { goal: 'refine', path: `/v1/evals/${saved.body.id}/refine`, body: undefined },
    ];
    for (const { goal, path, body } of asks) {
      const refused = await worker.call('POST', path, body);
      expect(refused.status).toBe(412);
      expect(refused.body.error).toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: expect.stringMatching(
          new RegExp(`^not enough labels to ${goal} an eval: this agent has 0 good and 0 bad `),
        ),
        details: { positives: 0, negatives: 0 },
      });
    }
    expect((await worker.call('GET', '/v1/jobs')).body.data).toEqual([]);
  });

  it('without SANDBOX_URL: /health is degraded and generate answers 503 with what to set', async () => {
    const worker = await startWorker({});
    const health = await worker.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      reasons: ['sandbox: set SANDBOX_URL and SANDBOX_SECRET to an `iofold sandbox serve` service'],
    });
    const generate = await worker.call('POST', `/v1/agents/${worker.agentId}/evals/generate`, {});
    expect(generate.status).toBe(503);
    expect(generate.body.error.message).toBe(
      'the Python sandbox is not available: set SANDBOX_URL and SANDBOX_SECRET to an `iofold sandbox serve` service',
    );
    expect((await worker.call('GET', '/v1/jobs')).body.data).toEqual([]);
  });

  it('with an unreachable sandbox: 503 at once, then the open circuit answers without trying', async () => {
    const worker = await startWorker({ SANDBOX_URL: 'http://127.0.0.1:9', SANDBOX_SECRET: SECRET });
    const messages: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await worker.call('POST', `/v1/agents/${worker.agentId}/evals/generate`, {});
      expect(r.status).toBe(503);
      messages.push(r.body.error.message);
    }
    expect(messages[0]).toMatch(
      /^the Python sandbox is not available: cannot reach the sandbox service at http:\/\/127\.0\.0\.1:9/,
    );
    expect(messages[3]).toContain('is unreachable (3 failures in a row');
    expect(messages[3]).toContain('SANDBOX_URL');
    const health = await worker.call('GET', '/health');
    expect(health.body.status).toBe('degraded');
    expect(health.body.reasons[0]).toContain('is unreachable (3 failures in a row');
  });
});
