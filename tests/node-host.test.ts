import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeConfigFromEnv } from '@/core/config';
import { silentLogger } from '@/core/logger';
import { type NodeHost, startNodeHost } from '@/hosts/node';

const dataDir = mkdtempSync(join(tmpdir(), 'iofold-host-'));
let host: NodeHost;

beforeAll(async () => {
  host = await startNodeHost(nodeConfigFromEnv({}, { dataDir, port: 0 }), silentLogger);
});
afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Node host', () => {
  it('creates and migrates a fresh database file and answers /health over real HTTP', async () => {
    const response = await fetch(`${host.url}/health`);
    const body = (await response.json()) as {
      ok: boolean;
      status: string;
      database: { ok: boolean };
    };
    expect(response.status).toBe(200);
    expect({ ok: body.ok, status: body.status, database: body.database.ok }).toEqual({
      ok: true,
      status: 'green',
      database: true,
    });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('wires the Pyodide sandbox and reports its isolation layers in /health', async () => {
    const body = (await (await fetch(`${host.url}/health`)).json()) as {
      sandbox: { kind: string; available: boolean; layers: { name: string; active: boolean }[] };
    };
    expect(body.sandbox.kind).toBe('pyodide');
    expect(body.sandbox.available).toBe(true);
    expect(body.sandbox.layers.map((l) => l.name)).toContain('child-process-pool');
    const check = await host.deps.sandbox.check('def eval_ok(trace):\n    return True, "fine"\n');
    expect(check).toEqual({ ok: true, functionName: 'eval_ok' });
  });

  it('runs without a sandbox when switched off, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iofold-host-off-'));
    const off = await startNodeHost(
      nodeConfigFromEnv({ IOFOLD_SANDBOX: 'off' }, { dataDir: dir, port: 0 }),
      silentLogger,
    );
    const body = (await (await fetch(`${off.url}/health`)).json()) as {
      ok: boolean;
      sandbox: { available: boolean };
    };
    await off.close();
    rmSync(dir, { recursive: true, force: true });
    expect({ ok: body.ok, sandboxAvailable: body.sandbox.available }).toEqual({
      ok: true,
      sandboxAvailable: false,
    });
  });

  it('creates an owner on first start whose one-time login link signs in over HTTP', async () => {
    expect(host.firstStartLoginUrl).toMatch(/\/login\?token=/);
    const token = new URL(host.firstStartLoginUrl ?? '').searchParams.get('token');
    const login = await fetch(`${host.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = await fetch(`${host.url}/v1/me`, { headers: { cookie } });
    expect(((await me.json()) as { role: string }).role).toBe('owner');
  });
});
