import { JsonView } from '../components/json-view';
import { formatCount, formatDuration } from '../lib/format';
import type { Span } from '../lib/types';

/** The span picked in the tree: its status message, model and tokens, input and output. */
export function SpanDetail({ span }: { span: Span }) {
  return (
    <div className="card" style={{ marginTop: 12 }}>
      <div className="card-header">
        <span className={`kind ${span.kind}`}>{span.kind}</span>
        <h3>{span.name}</h3>
        <span className="spacer" />
        <span className="muted">{formatDuration(span.durationMs)}</span>
      </div>
      <div className="card-body stack">
        {span.statusMessage ? <p className="alert error">{span.statusMessage}</p> : null}
        {span.model ? (
          <p className="muted">
            {span.model} · {formatCount(span.inputTokens)} in · {formatCount(span.outputTokens)} out
          </p>
        ) : null}
        <div>
          <h3 className="muted">Input</h3>
          <JsonView value={span.input} label="Span input" />
        </div>
        <div>
          <h3 className="muted">Output</h3>
          <JsonView value={span.output} label="Span output" />
        </div>
      </div>
    </div>
  );
}
