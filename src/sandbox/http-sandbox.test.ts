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
      workspaceId: 'ws-test',
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

describe('remote sandbox circuit breaker', () => {
  const code = 'def eval_a(t):\n    return True, ""\n';
  function flakyService() {
    let clock = 1_000_000;
    const calls: string[] = [];
    let down = true;
    const fetch = (async (url: string) => {
      calls.push(String(url));
      if (down) {
        throw new TypeError('connect ECONNREFUSED 10.9.9.9:8790');
      }
      return Response.json(
        String(url).endsWith('/status')
          ? { kind: 'pyodide', available: true, layers: [] }
          : { ok: true, functionName: 'eval_a' },
      );
    }) as typeof globalThis.fetch;
    const client = createHttpSandbox({
      url: 'http://sandbox.test:8790',
      secret: SECRET,
      fetch,
      breaker: { threshold: 3, cooldownMs: 30_000, now: () => clock },
    });
    return {
      client,
      calls,
      advance: (ms: number) => {
        clock += ms;
      },
      recover: () => {
        down = false;
      },
    };
  }

  it('opens after three failures in a row and then answers at once with the last error and the next try', async () => {
    const s = flakyService();
    for (let i = 0; i < 3; i++) {
      expect(await s.client.check(code)).toMatchObject({ ok: false, error: { retryable: true } });
    }
    expect(s.calls).toHaveLength(3);
    const refused = await s.client.runEval({ code, traces: [makeView('a')], workspaceId: 'ws-a' });
    expect(s.calls).toHaveLength(3);
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', retryable: true } });
    const message = refused.ok ? '' : refused.error.message;
    expect(message).toContain('unreachable (3 failures in a row, last: cannot reach');
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('next try at 1970-01-01T00:17:10.000Z');
    const status = await s.client.status();
    expect(status).toMatchObject({ available: false, reason: message });
    expect(s.calls).toHaveLength(3);
  });

  it('lets one probe through after the cooldown and closes when it succeeds', async () => {
    const s = flakyService();
    for (let i = 0; i < 3; i++) {
      await s.client.check(code);
    }
    s.advance(30_000);
    expect(await s.client.check(code)).toMatchObject({ ok: false });
    expect(s.calls).toHaveLength(4);
    expect(await s.client.check(code)).toMatchObject({ ok: false });
    expect(s.calls).toHaveLength(4);
    s.advance(30_000);
    s.recover();
    expect(await s.client.check(code)).toEqual({ ok: true, functionName: 'eval_a' });
    expect(await s.client.check(code)).toEqual({ ok: true, functionName: 'eval_a' });
    expect(s.calls).toHaveLength(6);
  });

  it('reuses a healthy status for ten seconds instead of asking on every request', async () => {
    const s = flakyService();
    s.recover();
    expect((await s.client.status()).available).toBe(true);
    expect((await s.client.status()).available).toBe(true);
    expect(s.calls).toHaveLength(1);
    s.advance(10_000);
    await s.client.status();
    expect(s.calls).toHaveLength(2);
  });
});
