// Test fixture: the batch child (runner/child.mjs) with a hook that plays an eval which escaped
// the Python layer. Before each batch, for every trace: metadata.escape is Python run with the
// runtime's own privileges; metadata.observe is a Python expression whose repr the eval then sees
// as metadata.observed; metadata.pid is this process's id. Never used outside tests.
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
    meta.pid = process.pid;
    trace.metadata = meta;
  }
  m.batch = new TextEncoder().encode(JSON.stringify(traces));
};

await import(`${runtimeDir}/child.mjs`);
