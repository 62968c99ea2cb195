// Test fixture: the batch child (runner/child.mjs) with a hook that plays an eval which escaped
// the Python layer. Before each batch, for every trace: metadata.escape is Python run with the
// runtime's own privileges; metadata.observe is a Python expression whose repr the eval then sees
// as metadata.observed; metadata.pid is this process's id. metadata.jsTimer leaves a JavaScript
// timer pending; metadata.burnWhileIdle leaves an unref'd interval that burns CPU once the child
// is idle (no code generation from strings in the child, so these are named). Never used outside tests.
const [runtimeDir] = process.argv.slice(2);

globalThis.iofoldBeforeBatch = (m, py) => {
  const traces = JSON.parse(
    m.marshal
      ? convert(py, 'json.dumps(marshal.loads(b.to_bytes()))', m.batch)
      : Buffer.from(m.batch).toString('utf8'),
  );
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
  const json = JSON.stringify(traces);
  m.batch = m.marshal
    ? convert(py, 'marshal.dumps(json.loads(b))', json)
    : new TextEncoder().encode(json);
};

/** A batch from or to the marshal format the host sends (through Python's own modules). */
function convert(py, expression, value) {
  const fn = py.runPython(
    `lambda b: (lambda json, marshal: ${expression})(__import__("json"), __import__("marshal"))`,
  );
  try {
    const out = fn(value);
    if (typeof out === 'string') {
      return out;
    }
    try {
      return out.toJs(); // Python bytes -> Uint8Array
    } finally {
      out.destroy();
    }
  } finally {
    fn.destroy();
  }
}

await import(`${runtimeDir}/child.mjs`);
