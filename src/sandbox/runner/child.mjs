// The sandbox child: plain JS run by `node` under the layers chosen by the host (see docs/sandbox.md).
// argv: <runtime dir> <wasm memory cap in bytes> <serve|check|make-snapshot> [snapshot file]
// A `serve` child runs eval batches of one workspace; a `check` child only runs the static check.
import { readFileSync, readSync, writeSync } from 'node:fs';
import { warmUpBatches } from './warm-up.mjs';

const [runtimeDir, capArg, mode, snapshotFile] = process.argv.slice(2);
const memoryCap = Number(capArg);
const originalGrow = WebAssembly.Memory.prototype.grow;
WebAssembly.Memory.prototype.grow = function grow(pages) {
  if (this.buffer.byteLength + pages * 65536 > memoryCap) {
    capReached();
    throw new RangeError('iofold sandbox: WebAssembly memory cap reached');
  }
  return originalGrow.call(this, pages);
};

const PY_FILES = ['checker', 'rewrite', 'views', 'reset', 'runtime'];
// Tests only: a fixture that imports this file may hand in a hook run before each batch.
const beforeBatch = globalThis.iofoldBeforeBatch;
delete globalThis.iofoldBeforeBatch;
const send = (message) => new Promise((resolve) => process.send(message, resolve));
const started = performance.now();
const dropOutput = { batched: () => {} };
const TIMER_KINDS = new Set(['Timeout', 'Immediate']);
// How the runtime's statuses start when all is well (it builds them by hand, always this way).
const OK = '{"ok":true,';
const DESCRIPTOR_FIELDS = ['value', 'get', 'set', 'writable', 'enumerable', 'configurable'];
// A batch's result lines go to a file, the rest to a pipe (see toHost).
const RESULTS_FD = 5;
const WAKE_FD = 4;
// A batch's bytes: in the "run" message when small (`inline`), else the host writes them to a
// file before it sends "run" (fd 6, read-only here).
const BATCH_FD = 6;
// A trace that returned after its limit (`m.limit` ms) is a timeout, as if the host had killed it.
const overLimit = (ms) =>
  `{"ok":false,"error":{"code":"TIMEOUT"},"durationMs":${ms},"output":"","violation":true}`;
const MEMORY_ERROR =
  '"error":{"code":"RESOURCE_LIMIT","message":"MemoryError: the eval exceeded the sandbox memory cap","retryable":false}';
// The batch and trace running now (trace -1: loading or the module body), for capReached.
let running = null;
let released = true;
/**
 * The last trace's release, while it runs: where and for which trace to say that Python code runs
 * in it (see releaseWatched), else null.
 */
let releasing = null;
const leftWorkWatch = {
  get 0() {
    if (releasing !== null) {
      const { out, id, i } = releasing;
      releasing = null;
      out(`F\t${id}\t${i}\t${now()}`);
    }
    return 0;
  },
  set 0(_) {},
};
/**
 * A running trace's output, for the host to keep if the trace times out (probes24): the first
 * write since its text was last read arms CPython's signal checks (every 50 ticks of the eval loop
 * and in C loops), which read the text OUTPUT_EVERY_MS later and write it as an `O` line. A trace
 * that prints nothing pays nothing; one that prints pays one call and the checks until the read.
 */
const OUTPUT_EVERY_MS = 10;
// [batch id, trace, where its lines go, when to read] while a read is due, else null
let outputDue = null;
const outputWatch = {
  get 0() {
    if (outputDue !== null && performance.now() >= outputDue[3]) {
      const [id, i, out] = outputDue;
      outputDue = null;
      pyodide.setInterruptBuffer(undefined);
      out(`O\t${id}\t${i}\t${now()}\t${JSON.stringify(jail.output_so_far())}`);
    }
    return 0;
  },
  set 0(_) {},
};
// where the running trace's lines go (set in runBatch), for outputWritten
let traceOut = null;

function outputWritten() {
  if (outputDue === null && running !== null && running.i >= 0 && traceOut !== null) {
    outputDue = [running.id, running.i, traceOut, performance.now() + OUTPUT_EVERY_MS];
    pyodide.setInterruptBuffer(outputWatch);
  }
}

/** After a trace returned: no read is due any more (its result line carries its output). */
function outputSettled() {
  traceOut = null;
  if (outputDue !== null) {
    outputDue = null;
    pyodide.setInterruptBuffer(undefined);
  }
}
// The code and caps the next batch was prepared for after the last reset (see rt.stage), or null.
let staged = null;
let serving = false;
// When the reset after a batch's reply began (performance.now, process.cpuUsage), or null.
let resetFrom = null;
/**
 * CPython raises RecursionError when C code (json, repr, ==, deepcopy) recurses past a window of
 * its C stack; in Pyodide that stack is linear memory (10 MB) and V8's own stack, which every
 * WebAssembly frame also uses, ran out long before it: the child died (probes4 N4). While eval
 * code runs (module body, traces, the release) the window is cut to what V8's stack
 * (--stack-size, layers.node.ts) holds, measured per form; never while the runtime compiles the
 * eval or reads a batch, so code the check (default window) accepts always compiles.
 */
const STACK_WINDOW = 128 * 1024;
const STACK_ERROR =
  '"error":{"code":"RESOURCE_LIMIT","message":"RecursionError: the eval recursed deeper than the sandbox\'s stack allows","retryable":false}';
// [module, thread state, stack top] once started (serving children only), else null
let cStack = null;
let rt;
let jail;
let baseline;
let fs;
let pyodide;

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
  const boot = (py) => {
    py.FS.mkdirTree('/lib/iofold');
    for (const name of PY_FILES) {
      py.FS.writeFile(`/lib/iofold/iofold_${name}.py`, readFileSync(`${runtimeDir}/${name}.py`));
    }
    py.FS.writeFile('/lib/iofold/jail.py', readFileSync(`${runtimeDir}/jail.py`));
    py.runPython(
      "import sys\nsys.path.insert(0, '/lib/iofold')\nimport iofold_runtime\nsys.path.remove('/lib/iofold')",
    );
  };
  if (mode === 'make-snapshot') {
    const py = await loadPyodide({ ...options, _makeSnapshot: true });
    boot(py);
    await send({ t: 'snapshot', bytes: py.makeMemorySnapshot(), ms: performance.now() - started });
    process.exit(0);
  }
  const snapshot = snapshotFile ? readFileSync(snapshotFile) : undefined;
  const py = await loadPyodide(snapshot ? { ...options, _loadSnapshot: snapshot } : options);
  if (!snapshot) {
    boot(py);
  }
  for (const name of ['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource']) {
    delete globalThis[name];
  }
  const runtime = py.pyimport('iofold_runtime');
  rt = Object.fromEntries(
    [
      'start',
      'check',
      'load',
      'stage',
      'load_staged',
      'module_result',
      'module_again',
      'trace_result',
      'end_batch',
      'verify',
      'forget_codes',
    ].map((n) => [n, runtime[n]]),
  );
  const jailDict = runtime.JAIL;
  jail = Object.fromEntries(
    ['run_module', 'run_trace', 'describe_raised', 'release', 'output_so_far'].map((n) => [
      n,
      jailDict.get(n),
    ]),
  );
  jailDict.set('output_written', outputWritten);
  const jsObjects = sharedJsObjects(py);
  const frozen = rt.start();
  if (mode === 'serve') {
    const m = py._module;
    cStack = [m, m._PyThreadState_Get(), m._emscripten_stack_get_base()];
  }
  fs = py.FS;
  pyodide = py;
  baseline = {
    timers: timers(),
    globals: globalNames(),
    files: fileState(fs),
    js: jsObjects.map(jsObjectState),
  };
  const warmUpMs = mode === 'serve' ? warmUp() : 0;
  serving = true;
  process.on('message', (m) => handle(m));
  await send({
    t: 'ready',
    warmUpMs,
    ms: performance.now() - started,
    snapshot: Boolean(snapshot),
    frozen,
  });
} catch (error) {
  await send({ t: 'fatal', message: String(error?.stack ?? error).slice(0, 4000) });
  process.exit(70);
}

/** The JavaScript objects Pyodide's own Python modules hold (found by scanning sys.modules). */
function sharedJsObjects(py) {
  return [
    ['pyodide._package_loader', 'loadedPackages'],
    ['pyodide.webloop', 'scheduleCallback'],
  ].map(([module, name]) => {
    const mod = py.pyimport(module);
    const obj = mod[name];
    mod.destroy();
    return obj;
  });
}

function jsObjectState(obj) {
  return {
    obj,
    proto: Object.getPrototypeOf(obj),
    extensible: Object.isExtensible(obj),
    props: Object.getOwnPropertyDescriptors(obj),
  };
}

/** Puts a shared JavaScript object back as it was at start; false if it cannot be. */
function restoreJsObject({ obj, proto, extensible, props }) {
  for (const key of Reflect.ownKeys(obj)) {
    if (!Object.hasOwn(props, key) && !Reflect.deleteProperty(obj, key)) {
      return false;
    }
  }
  for (const key of Reflect.ownKeys(props)) {
    const now = Object.getOwnPropertyDescriptor(obj, key);
    const same = now && DESCRIPTOR_FIELDS.every((f) => Object.is(now[f], props[key][f]));
    if (!same && !Reflect.defineProperty(obj, key, props[key])) {
      return false;
    }
  }
  if (Object.getPrototypeOf(obj) !== proto && !Reflect.setPrototypeOf(obj, proto)) {
    return false;
  }
  return Object.isExtensible(obj) === extensible;
}

function timers() {
  let n = 0;
  for (const kind of process.getActiveResourcesInfo()) {
    if (TIMER_KINDS.has(kind)) {
      n++;
    }
  }
  return n;
}

function globalNames() {
  return Object.getOwnPropertyNames(globalThis).sort().join('\n');
}

/** Every path of the in-memory file system with its size and modification time. */
function fileState(fs) {
  const out = [];
  const walk = (dir) => {
    for (const name of fs.readdir(dir)) {
      if (name === '.' || name === '..') {
        continue;
      }
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      if (path === '/dev' || path === '/proc') {
        continue;
      }
      const st = fs.lstat(path);
      out.push(`${path}:${st.size}:${Number(st.mtime)}`);
      if (fs.isDir(st.mode)) {
        walk(path);
      }
    }
  };
  walk('/');
  return out.join('\n');
}

function pendingWork() {
  const n = timers() - baseline.timers;
  return n > 0 ? `${n} timer${n === 1 ? '' : 's'} or task${n === 1 ? '' : 's'}` : '';
}

// Results go to the host in two places, each line written synchronously at once (a few µs, and
// they leave even while Python keeps the event loop busy). The lines of a batch, "L\t<id>\t<at>\t
// <json>" then "R\t<id>\t<i>\t<at>\t<json>" (<at>: when it was written, epoch ms), are appended to
// fd 5, a file the host reads only when the batch ends or a limit runs out: nothing wakes it per
// trace, and a line written is never lost, so the host knows which trace a kill stopped. "D\t<id>"
// (the batch is over; for a batch of few lines, with a copy of them: batchWriter), then "Z" once
// the process is clean again or "X\t<reasons>" just before it exits, go over fd 4, a pipe the
// host listens to.
// Bytes written to the results file since start (the host counts what it read the same way).
let resultsWritten = 0;

function writeLine(fd, line) {
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  if (fd === RESULTS_FD) {
    resultsWritten += bytes.length;
  }
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if (error?.code !== 'EAGAIN') {
        throw error;
      }
    }
  }
  return bytes.length;
}

// A batch whose lines take at most this many bytes sends them again on its `D` line (batchWriter).
const REPLY_INLINE_BYTES = 8192;
// Between those lines on the `D` line: JSON escapes it, and a line that holds it is not sent so.
const INLINE_SEP = '\x1e';

/**
 * A batch's writer (see toHost): each line to the results file at once, and kept while the batch's
 * lines are few; then its `D` line carries them, "D\t<id>\t<end>\t<bytes>\t<line>\x1e<line>...",
 * with the bytes written to the file in all after them and their own length, so the host, which
 * has read nothing of the batch yet, takes them from there instead of reading the file. Counted,
 * not asked (an `fstat` cost 21 µs here after a pause, on the call's path).
 */
function batchWriter() {
  let kept = [];
  let bytes = 0;
  return (line, wake = false) => {
    if (!wake) {
      bytes += writeLine(RESULTS_FD, line);
      if (kept !== null && bytes <= REPLY_INLINE_BYTES && !line.includes(INLINE_SEP)) {
        kept.push(line);
      } else {
        kept = null;
      }
    } else if (kept !== null && kept.length > 0 && line.startsWith('D\t')) {
      writeLine(WAKE_FD, `${line}\t${resultsWritten}\t${bytes}\t${kept.join(INLINE_SEP)}`);
    } else {
      writeLine(WAKE_FD, line);
    }
  };
}

/** A batch's line to the results file, or (`wake`) to the host's pipe. */
function toHost(line, wake = false) {
  writeLine(wake ? WAKE_FD : RESULTS_FD, line);
}

/** Epoch ms, as the host reads the times on result lines. */
function now() {
  return (performance.timeOrigin + performance.now()).toFixed(3);
}

/**
 * Runs the warm-up batches (see warm-up.mjs) with their lines dropped; the child must then be as
 * clean as at start, or it dies before it is ready. Returns the time it took (ms).
 */
function warmUp() {
  const t = performance.now();
  for (const m of warmUpBatches()) {
    const refused = (line) => {
      if (line.startsWith('L\t') && !JSON.parse(line.split('\t').slice(3).join('\t')).ok) {
        throw new Error(`the warm-up eval failed: ${line.slice(0, 500)}`);
      }
    };
    const found = leftovers(runBatch(m, refused));
    if (found.length > 0) {
      throw new Error(`the warm-up left ${found.join('; ')}`);
    }
  }
  rt.forget_codes();
  return performance.now() - t;
}

/**
 * The heap is full: no Python code runs after this (CPython's error paths allocate too, and with
 * no memory left one of them left a freed string bound to a variable). The running trace, or the
 * module body, ends in RESOURCE_LIMIT and the process exits at once; the host gives the rest of
 * the chunk to a new child. A check child just exits (the host answers CHECK_FAILED).
 */
function capReached() {
  if (!serving) {
    return; // starting or warming up: the child fails to start
  }
  if (mode === 'check') {
    process.exit(71);
  }
  endRunning(MEMORY_ERROR, 'the memory cap was reached between batches');
}

/**
 * The child cannot go on: the running trace (or module body) ends with `error` (a JSON `"error"`
 * member) as a violation, or between batches the reset reports `between`; then the process exits
 * at once, and the host gives the rest of the chunk to a new child.
 */
function endRunning(error, between) {
  if (!running) {
    writeLine(WAKE_FD, `X\t${between}`);
    process.exit(0);
  }
  const { id, i, t } = running;
  const ms = (performance.now() - t).toFixed(3);
  writeLine(
    RESULTS_FD,
    i < 0
      ? `L\t${id}\t${now()}\t{"ok":false,${error},"violation":true}`
      : `R\t${id}\t${i}\t${now()}\t{"ok":false,${error},"durationMs":${ms},"output":"","violation":true,"exits":true}`,
  );
  process.exit(0);
}

/** Cuts CPython's C stack window (on) while eval code runs, or puts back its default. */
function limitCStack(on) {
  if (cStack !== null) {
    const [m, tstate, top] = cStack;
    const failed = on
      ? m._PyUnstable_ThreadState_SetStackProtection(tstate, top - STACK_WINDOW, STACK_WINDOW)
      : m._PyUnstable_ThreadState_ResetStackProtection(tstate);
    if (failed) {
      throw new Error('could not set the C stack window');
    }
  }
}

/** V8's stack ran out inside WebAssembly (deeper than the C stack window catches): Pyodide is dead. */
function stackOverflow(error) {
  return error instanceof RangeError && error.message === 'Maximum call stack size exceeded';
}

function runBatch(m, out = batchWriter()) {
  if (m.id >= 0) {
    beforeBatch?.(m, pyodide);
  }
  running = { id: m.id, i: -1, t: performance.now() };
  released = false;
  const done = `D\t${m.id}`;
  const ready =
    staged !== null &&
    staged.code === m.code &&
    staged.outputCap === m.outputCap &&
    staged.reasonCap === m.reasonCap;
  staged = null;
  const answers = m.answers ?? '';
  const marshalled = m.marshal === true;
  const loaded = ready
    ? rt.load_staged(m.batch, answers, marshalled)
    : rt.load(m.code, m.batch, m.outputCap, m.reasonCap, answers, marshalled);
  if (!loaded.startsWith(OK)) {
    running = null;
    out(`L\t${m.id}\t${now()}\t${loaded}`); // the static check refused it: no eval code ran
    out(done, true);
    return [];
  }
  const dirty = [];
  limitCStack(true);
  jail.run_module();
  let pending = pendingWork();
  let moduleResult = rt.module_result(pending);
  if (moduleResult === 'again') {
    // the first run of this code's module body here left names interned (rt.module_result): its
    // objects are let go, what stays interned is the code's, and the module body runs once more
    rt.end_batch();
    jail.release(true);
    rt.module_again();
    jail.run_module();
    pending = pendingWork();
    moduleResult = rt.module_result(pending);
  }
  out(`L\t${m.id}\t${now()}\t${moduleResult}`);
  if (pending) {
    dirty.push(`pending work: ${pending}`);
  }
  if (!pending && moduleResult.startsWith(OK)) {
    for (let i = 0; i < m.count; i++) {
      const started = performance.now();
      running = { id: m.id, i, t: started };
      traceOut = out;
      const raised = jail.run_trace(i);
      if (raised !== undefined) {
        // the eval raised: its exception's __str__ runs next, and may never return (probes24)
        out(`F\t${m.id}\t${i}\t${now()}\t${raised.replace(/\s/g, ' ')}`);
        jail.describe_raised();
      }
      outputSettled();
      pending = pendingWork();
      const last = i === m.count - 1 && !pending;
      const result = rt.trace_result(i, pending, last);
      if (last) {
        // finalisers of the batch run in its last trace's time (probes3 F9); trace_result began
        // the release (end_batch), one call into Python fewer on the call's path
        released = true;
        releaseWatched(out, m.id, i);
      }
      const ms = performance.now() - started;
      out(`R\t${m.id}\t${i}\t${now()}\t${ms > m.limit ? overLimit(ms) : result}`);
      if (ms > m.limit) {
        dirty.push('a trace ran over its time limit'); // the host stops the chunk and kills us
        break;
      }
      if (pending) {
        dirty.push(`pending work: ${pending}`);
        break;
      }
    }
  }
  running = null;
  out(done, true);
  if (serving) {
    budgetReset(true); // not in the warm-up: the runtime's first resets are slower
  }
  release();
  limitCStack(false);
  return dirty;
}

/**
 * Releases the batch in its last trace's time (probes3 F9) with CPython's signal checks armed: the
 * eval has returned, so Python code that runs now is work it left behind (a finaliser, a parked
 * generator's cleanup). The first check writes an `F` line for trace `i`, so the host can say so
 * if that work runs past the trace's limit (otherwise "did not finish"); the line does not move
 * the trace's deadline. Nothing is read on a release that runs no Python code.
 */
function releaseWatched(out, id, i) {
  releasing = { out, id, i };
  pyodide.setInterruptBuffer(leftWorkWatch);
  try {
    jail.release();
  } finally {
    pyodide.setInterruptBuffer(undefined);
    releasing = null;
  }
}

/**
 * The reset after a batch's reply (release, put back, check) runs what the batch left behind:
 * finalisers of objects only the reset lets go (a generator parked in a stdlib container or an
 * lru_cache, a module that raised). No trace's time covers it, so it gets RESET_BUDGET_MS of CPU;
 * past that the child says why and exits at once, and the host replaces it. CPython reads this
 * "signal buffer" every 50 ticks of its eval loop and in its C loops' signal checks (probes4 N2).
 */
const RESET_BUDGET_MS = 50;
const resetBudget = {
  get 0() {
    overResetBudget(); // the clock first: CPU time is a system call, a reset reads this ~70 times
    return 0;
  },
  set 0(_) {},
};

/** Past the reset's CPU budget: the child says why and exits at once. */
function overResetBudget() {
  if (resetFrom !== null && performance.now() - resetFrom.at > RESET_BUDGET_MS) {
    const used = process.cpuUsage(resetFrom.cpu);
    if (used.user + used.system > RESET_BUDGET_MS * 1000) {
      writeLine(
        WAKE_FD,
        `X\tthe eval left work that ran after its batch was reported (over the reset's ${RESET_BUDGET_MS} ms CPU budget)`,
      );
      process.exit(0);
    }
  }
}

/** Starts (on) or ends the reset's budget; CPython calls the buffer only while it is set. */
function budgetReset(on) {
  resetFrom = on ? { at: performance.now(), cpu: process.cpuUsage() } : null;
  pyodide.setInterruptBuffer(on ? resetBudget : undefined);
}

/** Drops the batch's objects and collects them (once per batch: later calls do nothing). */
function release() {
  if (!released) {
    released = true;
    rt.end_batch();
    jail.release();
  }
}

/** After a batch: the process is reused only if it is exactly as clean as at start. */
function leftovers(dirty) {
  const found = [...dirty, ...JSON.parse(rt.verify())];
  if (timers() !== baseline.timers) {
    found.push('timers pending');
  }
  if (globalNames() !== baseline.globals) {
    found.push('JavaScript globals changed');
  }
  if (fileState(fs) !== baseline.files) {
    found.push('in-memory file system changed');
  }
  if (!baseline.js.every(restoreJsObject)) {
    found.push('JavaScript objects held by Pyodide changed');
  }
  return found;
}

/** The batch the host wrote to the batch file for this run. */
function readBatch(size) {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; ) {
    const got = readSync(BATCH_FD, bytes, at, size - at, at);
    if (got === 0) {
      throw new Error('the batch file is shorter than the batch');
    }
    at += got;
  }
  return bytes;
}

function handle(m) {
  try {
    if (m.t === 'check' && mode === 'check') {
      process.send({ t: 'checked', id: m.id, json: rt.check(m.code) });
    } else if (m.t === 'run' && mode === 'serve') {
      const inline = m.inline;
      // a plain Uint8Array over the message's bytes (Pyodide converts no Buffer)
      m.batch =
        inline instanceof Uint8Array
          ? new Uint8Array(inline.buffer, inline.byteOffset, inline.byteLength)
          : readBatch(m.batchBytes);
      m.inline = undefined;
      const found = leftovers(runBatch(m));
      if (found.length > 0) {
        toHost(`X\t${found.join('; ').replaceAll('\n', ' ')}`, true);
        process.exit(0);
      }
      // clean: the next batch of this code is prepared now, off the path of the call that sends it
      if (rt.stage()) {
        staged = { code: m.code, outputCap: m.outputCap, reasonCap: m.reasonCap };
      }
      // C work reads no buffer (freeing or copying what a batch stuffed into a dict): the whole
      // reset, staging included, is held to the budget once more before the child says it is clean
      overResetBudget();
      budgetReset(false);
      toHost('Z', true);
    }
  } catch (error) {
    if (stackOverflow(error) && serving) {
      // RESOURCE_LIMIT naming the stack; no WebAssembly internals in any message
      endRunning(STACK_ERROR, "the eval recursed deeper than the sandbox's stack allows");
    }
    // The runtime itself failed (e.g. a fatal Pyodide error): report and die, the host replaces us.
    process.send({ t: 'fatal', message: String(error?.stack ?? error).slice(0, 4000) }, () =>
      process.exit(70),
    );
  }
}
