import { useState } from 'react';

export type ToolPart = {
  type: string;
  toolCallId: string;
  state: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
};

const text = (value: unknown) =>
  typeof value === 'string' ? value : JSON.stringify(value, null, 2);

/** One tool call of a reply; a manual one waiting for its result asks the person to write it. */
export function ToolCall({
  part,
  onResult,
}: {
  part: ToolPart;
  onResult?: (output: string) => void;
}) {
  const [value, setValue] = useState('');
  const name = part.type.slice('tool-'.length);
  const waiting = part.state === 'input-available' && onResult;
  return (
    <section className="card" aria-label={`Tool call ${name}`} data-testid="tool-call">
      <div className="card-header">
        <strong>{name}</strong>
        <span className="spacer" />
        <span className="badge">{waiting ? 'waiting for your result' : part.state}</span>
      </div>
      <div className="card-body">
        <pre className="code">{text(part.input ?? {})}</pre>
        {part.state === 'output-available' ? <pre className="code">{text(part.output)}</pre> : null}
        {part.state === 'output-error' ? <p role="alert">{part.errorText}</p> : null}
        {waiting ? (
          <form
            aria-label={`Result of ${name}`}
            onSubmit={(e) => {
              e.preventDefault();
              if (value.trim()) {
                onResult(value);
              }
            }}
          >
            <label>
              Result
              <textarea value={value} onChange={(e) => setValue(e.target.value)} rows={3} />
            </label>
            <button type="submit" className="btn primary">
              Send result
            </button>
          </form>
        ) : null}
      </div>
    </section>
  );
}
