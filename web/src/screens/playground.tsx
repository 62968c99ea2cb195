import { useEffect, useState } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatAgo } from '../lib/format';
import {
  type PlaygroundSession,
  sessionHref,
  useCreateSession,
  useOpenTrace,
  usePlaygroundSession,
  useSaveVersion,
  useSessions,
  useUpdateSession,
} from '../lib/playground';
import { Link, navigate, useLocation } from '../lib/router';
import { ChatPane } from '../playground/chat-pane';
import { ImproveCard } from '../playground/improve-card';

function NewSession() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const create = useCreateSession();
  return (
    <section className="card" aria-label="New session">
      <div className="card-header">
        <h2>New session</h2>
        <span className="spacer" />
        <AgentPicker value={agentId} />
      </div>
      <div className="card-body">
        <button
          type="button"
          className="btn primary"
          disabled={!agentId || create.isPending}
          onClick={() =>
            create.mutate({ agentId }, { onSuccess: (s) => navigate(sessionHref(s.id)) })
          }
        >
          Start a session with this agent
        </button>
        {create.error ? <p role="alert">{create.error.message}</p> : null}
      </div>
    </section>
  );
}

function SessionList() {
  const sessions = useSessions();
  if (sessions.isPending) {
    return <Loading />;
  }
  if (sessions.isError) {
    return <ErrorState error={sessions.error} retry={() => void sessions.refetch()} />;
  }
  if (sessions.data.data.length === 0) {
    return (
      <Empty title="No sessions yet">Start one above, or open a trace in the playground.</Empty>
    );
  }
  return (
    <table className="table" aria-label="Sessions">
      <tbody>
        {sessions.data.data.map((s) => (
          <tr key={s.id}>
            <td>
              <Link to={sessionHref(s.id)}>{s.id}</Link>
            </td>
            <td className="muted">{s.status}</td>
            <td className="muted">{formatAgo(s.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `/playground?traceId=…&step=n` opens that trace at step n in a new session. */
function OpenTrace({ traceId, step }: { traceId: string; step: number }) {
  const open = useOpenTrace();
  const { mutate } = open;
  useEffect(() => {
    mutate({ traceId, step }, { onSuccess: (s) => navigate(sessionHref(s.id), { replace: true }) });
  }, [mutate, traceId, step]);
  return open.error ? <ErrorState error={open.error} /> : <Loading label="Opening the trace…" />;
}

function PromptEditor({ id, prompt }: { id: string; prompt: string }) {
  const [text, setText] = useState(prompt);
  const update = useUpdateSession(id);
  const save = useSaveVersion(id);
  return (
    <section className="card" aria-label="Prompt">
      <form
        className="card-body"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ draftPrompt: text });
        }}
      >
        <label className="field">
          System prompt
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={8} />
        </label>
        <button type="submit" className="btn" disabled={update.isPending || text === prompt}>
          Use this prompt
        </button>
        <button
          type="button"
          className="btn"
          disabled={save.isPending}
          onClick={() => save.mutate()}
        >
          Save as candidate version
        </button>
        {save.data ? <p role="status">Saved as candidate version {save.data.version}.</p> : null}
        {update.data?.lints?.length ? (
          <ul aria-label="Lints">
            {update.data.lints.map((l) => (
              <li key={`${l.lint}:${l.message}`}>
                {l.lint}: {l.message}
              </li>
            ))}
          </ul>
        ) : null}
        {update.error ? <p role="alert">{update.error.message}</p> : null}
        {save.error ? <p role="alert">{save.error.message}</p> : null}
      </form>
    </section>
  );
}

/** A new session with the same prompt, model settings, variables and tool modes. */
function CompareButton({ session }: { session: PlaygroundSession }) {
  const create = useCreateSession();
  return (
    <button
      type="button"
      className="btn"
      disabled={create.isPending}
      onClick={() =>
        create.mutate(
          {
            ...(session.agentId ? { agentId: session.agentId } : {}),
            ...(session.agentVersionId ? { agentVersionId: session.agentVersionId } : {}),
            ...(session.draftPrompt ? { draftPrompt: session.draftPrompt } : {}),
            modelConfig: session.modelConfig,
            variables: session.variables,
            toolBindings: session.toolBindings,
          },
          { onSuccess: (copy) => navigate(`/playground?a=${session.id}&b=${copy.id}`) },
        )
      }
    >
      Compare with a copy
    </button>
  );
}

function useLoaded(id: string) {
  const session = usePlaygroundSession(id);
  if (session.isPending) {
    return { view: <Loading /> };
  }
  if (session.isError) {
    return { view: <ErrorState error={session.error} retry={() => void session.refetch()} /> };
  }
  return { session: session.data };
}

function SessionScreen({ id }: { id: string }) {
  const loaded = useLoaded(id);
  if (!loaded.session) {
    return loaded.view;
  }
  const s = loaded.session;
  return (
    <>
      <PageHeader>
        <h1>Playground session</h1>
        {s.traceId ? <Link to={`/traces/${s.traceId}`}>Its trace</Link> : null}
        <span className="spacer" />
        <CompareButton session={s} />
      </PageHeader>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1.4fr)',
          gap: '1rem',
        }}
      >
        <div className="stack">
          <PromptEditor key={s.prompt} id={s.id} prompt={s.prompt} />
          <ImproveCard session={s} />
        </div>
        <ChatPane session={s} />
      </div>
    </>
  );
}

function Variant({ id, name }: { id: string; name: string }) {
  const loaded = useLoaded(id);
  if (!loaded.session) {
    return loaded.view;
  }
  const s = loaded.session;
  return (
    <section className="stack" aria-label={name}>
      <h2>
        <Link to={sessionHref(s.id)}>{name}</Link>
      </h2>
      <PromptEditor key={s.prompt} id={s.id} prompt={s.prompt} />
      <ChatPane session={s} />
    </section>
  );
}

/** Two sessions side by side: each with its own prompt, settings and conversation. */
function CompareScreen({ a, b }: { a: string; b: string }) {
  return (
    <>
      <PageHeader>
        <h1>Compare variants</h1>
      </PageHeader>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
          gap: '1rem',
        }}
      >
        <Variant key={a} id={a} name="Variant A" />
        <Variant key={b} id={b} name="Variant B" />
      </div>
    </>
  );
}

export default function PlaygroundScreen({ params }: { params: Record<string, string> }) {
  const { search } = useLocation();
  if (params.id) {
    return <SessionScreen key={params.id} id={params.id} />;
  }
  const a = search.get('a');
  const b = search.get('b');
  if (a && b) {
    return <CompareScreen a={a} b={b} />;
  }
  const traceId = search.get('traceId');
  if (traceId) {
    return <OpenTrace traceId={traceId} step={Number(search.get('step') ?? 0)} />;
  }
  return (
    <>
      <PageHeader>
        <h1>Playground</h1>
      </PageHeader>
      <NewSession />
      <SessionList />
    </>
  );
}
