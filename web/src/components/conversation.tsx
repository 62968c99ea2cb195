import { Link } from '../lib/router';
import type { EvalMessage, EvalView } from '../lib/types';
import { JsonView, toText } from './json-view';

function Content({ text }: { text: string }) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return <JsonView value={JSON.parse(trimmed)} />;
    } catch {
      // not JSON after all: show it as text
    }
  }
  return <div className="content">{text}</div>;
}

function Message({ message, stepLink }: { message: EvalMessage; stepLink?: string }) {
  if (message.role === 'system') {
    // The system prompt repeats on every trace of an agent: folded until asked for.
    return (
      <details className="msg system">
        <summary className="role" style={{ cursor: 'pointer' }}>
          system prompt · {message.content.length.toLocaleString('en')} characters
        </summary>
        <Content text={message.content} />
      </details>
    );
  }
  return (
    <article className={`msg ${message.role}`} aria-label={`${message.role} message`}>
      <div className="role">
        {message.role}
        {message.name ? <span className="mono">{message.name}</span> : null}
        {stepLink ? (
          <Link to={stepLink} className="muted" style={{ marginLeft: 'auto' }}>
            Open in the playground at this step
          </Link>
        ) : null}
      </div>
      {message.content ? <Content text={message.content} /> : null}
      {message.tool_calls?.map((call, i) => (
        <div
          key={call.id ?? `${call.name}-${i}`}
          className="stack"
          style={{ marginTop: 8, gap: 6 }}
        >
          <div className="row">
            <span className="kind TOOL">TOOL CALL</span>
            <strong className="mono">{call.name}</strong>
          </div>
          <JsonView value={call.arguments} label={`${call.name} arguments`} />
        </div>
      ))}
    </article>
  );
}

/**
 * The conversation as the agent saw it; tool results follow the call that produced them. With
 * `stepLink`, each assistant message links to the playground opened at its model step.
 */
export function Conversation({
  view,
  stepLink,
}: {
  view: EvalView;
  stepLink?: (step: number) => string;
}) {
  let assistants = 0;
  const links = view.messages.map((m) =>
    m.role === 'assistant' && stepLink ? stepLink(assistants++) : undefined,
  );
  const errors = view.steps.filter((s) => s.error);
  if (view.messages.length === 0) {
    return (
      <div className="stack">
        <div className="msg user">
          <div className="role">input</div>
          <div className="content">{toText(view.input) || '—'}</div>
        </div>
        <div className="msg">
          <div className="role">output</div>
          <div className="content">{toText(view.output) || '—'}</div>
        </div>
      </div>
    );
  }
  return (
    <div>
      {view.messages.map((m, i) => (
        // Messages have no id; their position in the transcript is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: transcript order is stable
        <Message key={i} message={m} stepLink={links[i]} />
      ))}
      {errors.map((s) => (
        <article key={`err-${s.index}`} className="msg error" aria-label="error">
          <div className="role">error in step {s.index + 1}</div>
          <div className="content">{s.error}</div>
        </article>
      ))}
    </div>
  );
}
