// The sandbox child: plain JS run by `node` under the layers chosen by the host (see docs/sandbox.md).
// argv: <runtime dir> <wasm memory cap in bytes> <serve|make-snapshot> [snapshot file]
import { readFileSync, writeSync } from 'node:fs';

const [runtimeDir, capArg, mode, snapshotFile] = process.argv.slice(2);
const memoryCap = Number(capArg);
const originalGrow = WebAssembly.Memory.prototype.grow;
WebAssembly.Memory.prototype.grow = function grow(pages) {
  if (this.buffer.byteLength + pages * 65536 > memoryCap) {
    throw new RangeError('iofold sandbox: WebAssembly memory cap reached');
  }
  return originalGrow.call(this, pages);
};

const send = (message) => new Promise((resolve) => process.send(message, resolve));
const started = performance.now();
const dropOutput = { batched: () => {} };

try {
  const { loadPyodide } = await import(`${runtimeDir}/pyodide/pyodide.mjs`);
  const options = {
    indexURL: `${runtimeDir}/pyodide/`,
    jsglobals: Object.create(null),
    stdout: dropOutput.batched,
    stderr: dropOutput.batched,
    stdin: () => null,
    checkAPIVersion: true,
  };
  const runtimeSource = readFileSync(`${runtimeDir}/runtime.py`, 'utf8');
  if (mode === 'make-snapshot') {
    const py = await loadPyodide({ ...options, _makeSnapshot: true });
    py.runPython(runtimeSource, { filename: '/lib/iofold/runtime.py' });
    await send({ t: 'snapshot', bytes: py.makeMemorySnapshot(), ms: performance.now() - started });
    process.exit(0);
  }
  const snapshot = snapshotFile ? readFileSync(snapshotFile) : undefined;
  const py = await loadPyodide(snapshot ? { ...options, _loadSnapshot: snapshot } : options);
  if (!snapshot) {
    py.runPython(runtimeSource, { filename: '/lib/iofold/runtime.py' });
  }
  for (const name of ['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource']) {
    delete globalThis[name];
  }
  const rt = Object.fromEntries(
    ['harden', 'check', 'load', 'run_one', 'unload'].map((n) => [n, py.globals.get(n)]),
  );
  rt.harden();
  process.on('message', (m) => handle(rt, m));
  await send({
    t: 'ready',
    ms: performance.now() - started,
    snapshot: Boolean(snapshot),
    rss: process.memoryUsage().rss,
  });
} catch (error) {
  await send({ t: 'fatal', message: String(error?.stack ?? error).slice(0, 4000) });
  process.exit(70);
}

// Run results go over fd 4 as lines written synchronously (a few µs each, and they leave even
// while Python keeps the event loop busy): "L\t<id>\t<json>", "R\t<id>\t<i>\t<json>", "D\t<id>".
function emit(line) {
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(4, bytes, offset);
    } catch (error) {
      if (error?.code !== 'EAGAIN') {
        throw error;
      }
    }
  }
}

function handle(rt, m) {
  try {
    if (m.t === 'check') {
      process.send({ t: 'checked', id: m.id, json: rt.check(m.code) });
    } else if (m.t === 'run') {
      const loaded = rt.load(m.code, m.batch, m.outputCap, m.reasonCap);
      emit(`L\t${m.id}\t${loaded}`);
      if (JSON.parse(loaded).ok) {
        for (let i = 0; i < m.count; i++) {
          emit(`R\t${m.id}\t${i}\t${rt.run_one(i)}`);
        }
      }
      rt.unload();
      emit(`D\t${m.id}`);
    }
  } catch (error) {
    // The runtime itself failed (e.g. a fatal Pyodide error): report and die, the host replaces us.
    process.send({ t: 'fatal', message: String(error?.stack ?? error).slice(0, 4000) }, () =>
      process.exit(70),
    );
  }
}
