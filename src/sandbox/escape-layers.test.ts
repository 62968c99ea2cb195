import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childArgs, planLaunch } from './layers.node.js';
import { createPyodideSandbox } from './pyodide-sandbox.node.js';
import { prepareRuntimeDir } from './runtime-dir.node.js';
import { claimRuntimeDir } from './runtime-dir-users.node.js';
import { makeView } from './sandbox.contract';
import { ensureSnapshot } from './snapshot.node.js';

// The process layers, tested without the Python layer: a fixture child started with the same OS
// and Node layers but raw Pyodide tries to reach the host. A control run of the same fixture
// without the layers must reach it (so a probe that could not even try would fail the suite).

const isRootLinux = process.getuid?.() === 0 && process.platform === 'linux';
let listener: Server;
let listenerPort = 0;
const received: string[] = [];
let fixtureDir: string;
let writeDir: string;
let markerDir: string;
let marker: string;
let release: (() => void) | undefined;

beforeAll(async () => {
  listener = createServer((socket) => {
    let data = '';
    socket.on('data', (d) => {
      const before = /token-[a-z-]+/.exec(data);
      data += d.toString('utf8');
      const token = /token-[a-z-]+/.exec(data);
      if (token && !before) {
        received.push(token[0]); // one entry per connection that sent a token
      }
    });
    socket.on('error', () => {});
    setTimeout(() => socket.destroy(), 2000).unref();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerPort = (listener.address() as { port: number }).port;
  fixtureDir = mkdtempSync(path.join(tmpdir(), 'iofold-probe-'));
  chmodSync(fixtureDir, 0o755);
  writeDir = mkdtempSync(path.join(tmpdir(), 'iofold-write-'));
  chmodSync(writeDir, 0o777); // the sandboxed child (nobody) could write here if a layer failed
  markerDir = mkdtempSync(path.join(tmpdir(), 'iofold-secret-'));
  chmodSync(markerDir, 0o755); // world-readable: only the permission model keeps the child out
  marker = path.join(markerDir, 'host-secret.txt');
  writeFileSync(marker, 'HOST-SECRET-CONTENT', { mode: 0o644 });
  copyFileSync(
    fileURLToPath(new URL('./testing/layer-probe.mjs', import.meta.url)),
    path.join(fixtureDir, 'layer-probe.mjs'),
  );
  chmodSync(path.join(fixtureDir, 'layer-probe.mjs'), 0o644);
  process.env.IOFOLD_PROBE_SECRET = 'server-secret-value';
  const runtime = prepareRuntimeDir();
  release = claimRuntimeDir(runtime.dir) || undefined; // no other sandbox's cleanup removes it
  const plan = planLaunch({ runtimeDir: runtime.dir, memoryCapMb: 256 });
  await ensureSnapshot(plan, runtime.dir, 256 * 1024 * 1024); // the raw-Python probes start from it
});

afterAll(async () => {
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  rmSync(fixtureDir, { recursive: true, force: true });
  rmSync(writeDir, { recursive: true, force: true });
  rmSync(markerDir, { recursive: true, force: true });
  delete process.env.IOFOLD_PROBE_SECRET;
  release?.();
});

type ProbeResults = Record<string, { escaped: boolean; value?: string; error?: string }>;
type ProbeRun = {
  started: boolean;
  results: ProbeResults | null;
  exit: number | null;
  stderr: string;
};

function runLayerProbe(mode: string, token: string, layers = true): Promise<ProbeRun> {
  const runtime = prepareRuntimeDir();
  const plan = planLaunch({
    runtimeDir: runtime.dir,
    memoryCapMb: 256,
    extraReadDirs: [fixtureDir],
  });
  const entry = path.join(fixtureDir, 'layer-probe.mjs');
  const tail = [
    String(listenerPort),
    marker,
    String(process.pid),
    mode,
    path.join(writeDir, token),
    token,
  ];
  const args = layers ? childArgs(plan, runtime.dir, tail, entry) : [entry, runtime.dir, ...tail];
  const child = spawn(layers ? plan.command : process.execPath, args, {
    env: {},
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  return new Promise((resolve) => {
    let results: ProbeResults | null = null;
    let started = false;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('message', (m: { started?: boolean; results?: ProbeResults }) => {
      started ||= Boolean(m.started);
      results = m.results ?? results;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ started, results, exit: code, stderr });
    });
  });
}

const JS_EXPECTED: Record<string, RegExp> = {
  'read host file': /ERR_ACCESS_DENIED|Access to this API has been restricted/,
  'list host directory': /ERR_ACCESS_DENIED|Access to this API has been restricted/,
  'write host file': /ERR_ACCESS_DENIED|Access to this API has been restricted/,
  'run a child process': /ERR_ACCESS_DENIED|Access to this API has been restricted/,
  'start a worker thread': /ERR_ACCESS_DENIED|Access to this API has been restricted/,
  'fork bomb': /ERR_ACCESS_DENIED|Access to this API has been restricted/,
  'tcp connect to the host listener': /ENETUNREACH|ECONNREFUSED/,
  'fetch the host listener': /fetch failed/,
  'signal the parent': /EPERM/,
  'read server secrets from env': /environment is empty/,
  'eval a string': /Code generation from strings disallowed/,
  'Function constructor': /Code generation from strings disallowed/,
  'run as root': /uid is 65534/,
};

describe.skipIf(!isRootLinux)('escape suite: process layers hold without the Python layer', () => {
  it('the control run without layers reaches the listener and writes its file', async () => {
    const { results } = await runLayerProbe('js', 'token-control', false);
    expect(results?.['tcp connect to the host listener']).toMatchObject({ escaped: true });
    expect(results?.['write host file']).toMatchObject({ escaped: true });
    expect(existsSync(path.join(writeDir, 'token-control'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toContain('token-control');
  });

  it('every JavaScript probe from inside the sandboxed child fails on its own layer', async () => {
    const { results } = await runLayerProbe('js', 'token-js');
    expect(Object.keys(results ?? {}).sort()).toEqual(Object.keys(JS_EXPECTED).sort());
    for (const [name, pattern] of Object.entries(JS_EXPECTED)) {
      expect({ name, ...results?.[name] }).toMatchObject({
        name,
        escaped: false,
        error: expect.stringMatching(pattern),
      });
    }
  });

  it('every raw-Python probe from inside the sandboxed child fails', async () => {
    const { results, exit, stderr } = await runLayerProbe('python', 'token-python');
    expect({ probes: Object.keys(results ?? {}).length, exit, stderr }).toMatchObject({
      probes: 12,
    });
    expect(Object.entries(results ?? {}).filter(([, r]) => r.escaped)).toEqual([]);
  });

  it.each(['os-system', 'ctypes'])('%s from raw Pyodide runs nothing on the host', async (mode) => {
    const { started, results, exit } = await runLayerProbe(mode, `token-${mode}`);
    expect(started).toBe(true);
    expect(exit === 0 && results === null).toBe(false);
    for (const r of Object.values(results ?? {})) {
      expect(r.escaped && r.value === '0').toBe(false);
    }
    expect(existsSync(`/tmp/iofold-probe-${mode === 'ctypes' ? 'ctypes' : 'system'}`)).toBe(false);
  });

  it('afterwards the listener saw only the control run and only the control wrote its file', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(new Set(received)).toEqual(new Set(['token-control']));
    expect(existsSync(path.join(writeDir, 'token-js'))).toBe(false);
    expect(existsSync(path.join(writeDir, 'token-python'))).toBe(false);
  });
});

describe('escape suite: the pool after the probes', () => {
  it('still serves correct results', async () => {
    const sandbox = createPyodideSandbox({ poolSize: 1 });
    try {
      const r = await sandbox.runEval({
        code: 'def eval_final(trace):\n    return trace["trace_id"] == "last", trace["trace_id"]\n',
        traces: [makeView('last'), makeView('other')],
        workspaceId: 'ws-final',
      });
      expect(r).toMatchObject({
        ok: true,
        outcomes: [
          { ok: true, passed: true, reason: 'last' },
          { ok: true, passed: false, reason: 'other' },
        ],
      });
    } finally {
      await sandbox.close();
    }
  });
});
