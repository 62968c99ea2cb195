import { Link } from '../lib/router';

/** Three ways to get traces in, each pointing at the screen that does it. */
export function FirstRun() {
  const origin = window.location.origin;
  return (
    <div className="grid cols-3" data-testid="first-run">
      <div className="stack">
        <h3>Import a file</h3>
        <p className="muted">
          OpenAI-style message transcripts (JSONL) or Langfuse, LangSmith and Phoenix exports.
        </p>
        <div>
          <Link className="btn sm primary" to="/import">
            Import traces
          </Link>
        </div>
        <p className="muted">
          From a terminal: <code>iofold import traces.jsonl</code>
        </p>
      </div>
      <div className="stack">
        <h3>Connect a platform</h3>
        <p className="muted">
          Pull traces from Langfuse, LangSmith or Phoenix with their API keys.
        </p>
        <div>
          <Link className="btn sm" to="/settings?tab=integrations">
            Add an integration
          </Link>
        </div>
      </div>
      <div className="stack">
        <h3>Point an SDK</h3>
        <p className="muted">
          Create an API key, then send OpenTelemetry or Langfuse SDK traces here:
        </p>
        <pre className="mono" style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>
          {`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${origin}/v1/traces\nOTEL_EXPORTER_OTLP_TRACES_HEADERS="Authorization=Bearer sk-if-…"`}
        </pre>
        <p className="muted">
          Langfuse SDK: <code>baseUrl: '{origin}'</code> with the key pair.
        </p>
        <div>
          <Link className="btn sm" to="/settings?tab=api-keys">
            Create an API key
          </Link>
        </div>
      </div>
    </div>
  );
}
