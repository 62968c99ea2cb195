import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childArgs, planLaunch } from './layers.node.js';
import { prepareRuntimeDir } from './runtime-dir.node.js';
import { claimRuntimeDir } from './runtime-dir-users.node.js';
import { makeView } from './sandbox.contract';
import { ensureSnapshot } from './snapshot.node.js';
import { withPyodideSandbox } from './testing/with-pyodide-sandbox';

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
  const plan = await planLaunch({ runtimeDir: runtime.dir, memoryCapMb: 256 });
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

async function runLayerProbe(mode: string, token: string, layers = true): Promise<ProbeRun> {
  const runtime = prepareRuntimeDir();
  const plan = await planLaunch({
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

// Raw-Python probes that only the layers stop: without them each reaches the host.
const PY_LAYERED: Record<string, RegExp> = {
  'pyodide_js.mountNodeFS': /hostPath '\/tmp\/iofold-secret-\w+' does not exist/,
  // the permission model's ERR_ACCESS_DENIED has no errno for Emscripten to map (ENOENT is 44)
  'NODEFS mount of /': /^FS errno undefined$/,
  'write a host file through a NODEFS mount': /hostPath '\/tmp\/iofold-write-\w+' does not exist/,
  'Function constructor from a JS proxy': /EvalError: Code generation from strings disallowed/,
  'TCP to the host listener through a JS function':
    /EvalError: Code generation from strings disallowed/,
};
// Raw-Python probes Pyodide itself refuses, with or without the layers.
const PY_PYODIDE: Record<string, RegExp> = {
  'open host file from Python': /FileNotFoundError: \[Errno 44\] No such file or directory/,
  run_js: /ImportError: cannot import name 'eval' from 'js'/,
  'socket to the host listener': /OSError: \[Errno 23\] Host is unreachable/,
  'urllib to the host listener': /URLError: <urlopen error \[Errno 23\] Host is unreachable>/,
  'pyfetch to the host listener': /NameError: name 'AbortController' is not defined/,
  'js.WebSocket': /AttributeError: WebSocket/,
  subprocess: /OSError: \[Errno 138\] emscripten does not support processes/,
  'os.fork': /OSError: \[Errno 52\] Function not implemented/,
};

function expectFailures(results: ProbeResults | null, expected: Record<string, RegExp>) {
  for (const [name, pattern] of Object.entries(expected)) {
    expect({ name, ...results?.[name] }).toMatchObject({
      name,
      escaped: false,
      error: expect.stringMatching(pattern),
    });
  }
}

describe.skipIf(!isRootLinux)('escape suite: process layers hold without the Python layer', () => {
  it('the control run without layers reaches the listener and writes its file', async () => {
    const { results } = await runLayerProbe('js', 'token-control', false);
    expect(results?.['tcp connect to the host listener']).toMatchObject({ escaped: true });
    expect(results?.['write host file']).toMatchObject({ escaped: true });
    expect(existsSync(path.join(writeDir, 'token-control'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toContain('token-control');
  });

  it('the raw-Python control run without layers reads, writes and connects', async () => {
    const { results } = await runLayerProbe('python', 'token-python-control', false);
    expect(Object.keys(results ?? {}).sort()).toEqual(
      Object.keys({ ...PY_LAYERED, ...PY_PYODIDE }).sort(),
    );
    expect(results?.['pyodide_js.mountNodeFS']).toEqual({
      escaped: true,
      value: 'HOST-SECRET-CONTENT',
    });
    expect(results?.['NODEFS mount of /']).toMatchObject({
      escaped: true,
      value: expect.stringContaining('tmp'),
    });
    expect(results?.['Function constructor from a JS proxy']).toEqual({
      escaped: true,
      value: 'object',
    });
    expect(results?.['TCP to the host listener through a JS function']).toEqual({
      escaped: true,
      value: 'connected',
    });
    expect(existsSync(path.join(writeDir, 'token-python-control'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toContain('token-python-control');
    expectFailures(results, PY_PYODIDE);
  });

  it('every JavaScript probe from inside the sandboxed child fails on its own layer', async () => {
    const { results } = await runLayerProbe('js', 'token-js');
    expect(Object.keys(results ?? {}).sort()).toEqual(Object.keys(JS_EXPECTED).sort());
    expectFailures(results, JS_EXPECTED);
  });

  it('every raw-Python probe from inside the sandboxed child fails on its own layer', async () => {
    const { results } = await runLayerProbe('python', 'token-python');
    expect(Object.keys(results ?? {}).sort()).toEqual(
      Object.keys({ ...PY_LAYERED, ...PY_PYODIDE }).sort(),
    );
    expectFailures(results, { ...PY_LAYERED, ...PY_PYODIDE });
  });

  it.each(['os-system', 'ctypes'])(
    '%s from raw Pyodide runs a host command without the layers',
    async (mode) => {
      const { results, exit } = await runLayerProbe(mode, `token-${mode}-control`, false);
      expect(exit).toBe(0);
      expect(Object.values(results ?? {})).toEqual([{ escaped: true, value: '0' }]);
      expect(existsSync(path.join(writeDir, `token-${mode}-control`))).toBe(true);
    },
  );

  it.each(['os-system', 'ctypes'])(
    '%s from raw Pyodide inside the layers is denied and kills the child',
    async (mode) => {
      const { started, results, exit, stderr } = await runLayerProbe(mode, `token-${mode}`);
      expect({ started, results, exit }).toEqual({ started: true, results: null, exit: 1 });
      expect(stderr).toMatch(/ERR_ACCESS_DENIED[\s\S]*permission: 'ChildProcess'/);
      expect(existsSync(path.join(writeDir, `token-${mode}`))).toBe(false);
    },
  );

  it('afterwards the listener saw only the control runs and only the controls wrote files', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(new Set(received)).toEqual(new Set(['token-control', 'token-python-control']));
    expect(readdirSync(writeDir).sort()).toEqual(
      [
        'token-control',
        'token-ctypes-control',
        'token-os-system-control',
        'token-python-control',
      ].sort(),
    );
  });
});

describe('escape suite: the pool after the probes', () => {
  it('still serves correct results', async () => {
    await withPyodideSandbox({ poolSize: 1 }, async (sandbox) => {
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
    });
  });
});
