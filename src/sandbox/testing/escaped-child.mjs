// Test fixture: the batch child (runner/child.mjs) with a hook that plays an eval which escaped
// the Python layer. Before each batch, for every trace: metadata.escape is Python run with the
// runtime's own privileges; metadata.observe is a Python expression whose repr the eval then sees
// as metadata.observed; metadata.pid is this process's id. metadata.jsTimer leaves a JavaScript
// timer pending; metadata.burnWhileIdle leaves an unref'd interval that burns CPU once the child
// is idle (no code generation from strings in the child, so these are named). Never used outside tests.
const [runtimeDir] = process.argv.slice(2);

globalThis.iofoldBeforeBatch = (m, py) => {
  const traces = JSON.parse(Buffer.from(m.batch).toString('utf8'));
  for (const trace of traces) {
    const meta = trace.metadata ?? {};
    if (typeof meta.escape === 'string') {
      py.runPython(meta.escape);
    }
    if (typeof meta.observe === 'string') {
      meta.observed = String(py.runPython(`repr(${meta.observe})`));
    }
    if (meta.jsTimer) {
      setTimeout(() => {}, 600_000);
    }
    if (meta.burnWhileIdle) {
      setInterval(() => {
        const end = performance.now() + 300;
        while (performance.now() < end) {}
      }, 400).unref();
    }
    meta.pid = process.pid;
    trace.metadata = meta;
  }
  m.batch = new TextEncoder().encode(JSON.stringify(traces));
};

await import(`${runtimeDir}/child.mjs`);
