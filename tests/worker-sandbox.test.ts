import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { type SandboxServer, startSandboxServer } from '@/sandbox/sandbox-server.node.js';

const SECRET = 'worker-sandbox-test-secret-0123456789';
const sandbox = createPyodideSandbox({ poolSize: 1 });
let server: SandboxServer;
let mf: Miniflare;

beforeAll(async () => {
  server = await startSandboxServer({ port: 0, secret: SECRET, sandbox });
  const bundle = await build({
    entryPoints: ['src/hosts/worker.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: '2026-04-01',
    d1Databases: ['DB'],
    bindings: { SANDBOX_URL: server.url, SANDBOX_SECRET: SECRET },
  });
});
afterAll(async () => {
  await mf?.dispose();
  await server?.close();
  await sandbox.close();
});

describe('Worker host with the remote sandbox service', () => {
  it('reaches the Node sandbox over HTTP with the shared secret and reports its layers', async () => {
    const response = await mf.dispatchFetch('http://iofold.test/health');
    const body = (await response.json()) as {
      sandbox: { available: boolean; layers: { name: string; active: boolean }[] };
    };
    expect(body.sandbox.available).toBe(true);
    expect(body.sandbox.layers.map((l) => l.name)).toContain('child-process-pool');
  });
});
