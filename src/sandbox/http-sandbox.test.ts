import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '@/core/ports/sandbox';
import { createHttpSandbox } from './http-sandbox';
import { createPyodideSandbox } from './pyodide-sandbox.node.js';
import { describeSandboxContract, makeView } from './sandbox.contract';
import { type SandboxServer, startSandboxServer } from './sandbox-server.node.js';

const SECRET = 'test-secret-0123456789';
let inner: Sandbox;
let server: SandboxServer;

beforeAll(async () => {
  inner = createPyodideSandbox({ poolSize: 2 });
  server = await startSandboxServer({ sandbox: inner, secret: SECRET, port: 0 });
});
afterAll(async () => {
  await server.close();
  await inner.close();
});

describeSandboxContract(
  'http (remote server over real HTTP)',
  () => createHttpSandbox({ url: server.url, secret: SECRET }),
  async () => {},
);

describe('remote sandbox protocol', () => {
  it('refuses a wrong secret with UNAVAILABLE, not retryable', async () => {
    const client = createHttpSandbox({ url: server.url, secret: 'wrong-secret-0123456789' });
    const r = await client.runEval({
      code: 'def eval_a(t):\n    return True, ""\n',
      traces: [makeView('a')],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', retryable: false } });
    expect((await client.status()).available).toBe(false);
  });

  it('answers UNAVAILABLE (retryable) when the server cannot be reached', async () => {
    const client = createHttpSandbox({ url: 'http://127.0.0.1:9', secret: SECRET });
    expect(await client.check('def eval_a(t):\n    return True, ""\n')).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', retryable: true },
    });
  });

  it('rejects a malformed run request with 400', async () => {
    const res = await fetch(`${server.url}/v1/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 1, traces: 'x' }),
    });
    expect(res.status).toBe(400);
  });

  it('reports the remote layers behind a "remote" layer', async () => {
    const s = await createHttpSandbox({ url: server.url, secret: SECRET }).status();
    expect(s.kind).toBe('http:pyodide');
    expect(s.layers[0]).toMatchObject({ name: 'remote', active: true });
    expect(s.layers.some((l) => l.name === 'network-namespace')).toBe(true);
  });
});
