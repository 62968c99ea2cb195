import { useChat } from '@ai-sdk/react';
import {
  DefaultChatTransport,
  lastAssistantMessageIsCompleteWithToolCalls,
  type UIMessage,
} from 'ai';
import { useMemo, useState } from 'react';
import { csrfHeaders } from '../lib/api';
import { chatPath, type PlaygroundSession } from '../lib/playground';
import { ToolCall, type ToolPart } from './tool-call';

/** The conversation of a session: streams replies, and asks for the results of manual tool calls. */
export function ChatPane({ session }: { session: PlaygroundSession }) {
  const manual = new Set(session.tools.filter((t) => t.mode === 'manual').map((t) => t.name));
  const transport = useMemo(
    () =>
      new DefaultChatTransport<UIMessage>({
        api: chatPath(session.id),
        credentials: 'same-origin',
        headers: () => csrfHeaders(),
        // the server keeps the conversation: send only the new (or answered) last message
        prepareSendMessagesRequest: ({ messages }) => ({ body: { message: messages.at(-1) } }),
      }),
    [session.id],
  );
  const chat = useChat({
    id: session.id,
    messages: session.messages,
    transport,
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithToolCalls,
  });
  const [draft, setDraft] = useState('');
  const busy = chat.status === 'submitted' || chat.status === 'streaming';
  const last = chat.messages.at(-1);
  const lastPart = last?.parts.at(-1) as ToolPart | undefined;
  const canContinue =
    !busy &&
    (last?.role === 'user' ||
      (last?.role === 'assistant' && lastPart?.state === 'output-available'));
  return (
    <section className="card" aria-label="Conversation">
      <div className="card-body" aria-live="polite">
        {chat.messages.map((message) => (
          <article key={message.id} data-testid={`message-${message.role}`}>
            <h3 className="muted">{message.role === 'user' ? 'You' : 'Agent'}</h3>
            {message.parts.map((part, i) => {
              const key = `${message.id}-${i}`;
              if (part.type === 'text') {
                return <p key={key}>{part.text}</p>;
              }
              if (part.type.startsWith('tool-')) {
                const tool = part as unknown as ToolPart;
                const name = tool.type.slice('tool-'.length);
                return (
                  <ToolCall
                    key={key}
                    part={tool}
                    onResult={
                      manual.has(name)
                        ? (output) =>
                            void chat.addToolOutput({
                              tool: name as never,
                              toolCallId: tool.toolCallId,
                              output: output as never,
                            })
                        : undefined
                    }
                  />
                );
              }
              return null;
            })}
          </article>
        ))}
        {chat.error ? <p role="alert">{chat.error.message}</p> : null}
      </div>
      <form
        className="card-body"
        aria-label="Send a message"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim() && !busy) {
            void chat.sendMessage({ text: draft });
            setDraft('');
          }
        }}
      >
        <label className="field">
          Message
          <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={2} />
        </label>
        <button type="submit" className="btn primary" disabled={busy}>
          Send
        </button>
        {canContinue ? (
          <button type="button" className="btn" onClick={() => void chat.sendMessage()}>
            Continue from here
          </button>
        ) : null}
        {busy ? (
          <button type="button" className="btn" onClick={() => void chat.stop()}>
            Stop
          </button>
        ) : null}
      </form>
    </section>
  );
}
