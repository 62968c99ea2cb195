import { z } from '@hono/zod-openapi';
import { AgentVersionView } from '@/agents/agent-views';
import { LintFindingView } from '@/agents/practices/practice-input';
import { createRouter } from '@/api/create-router';
import { created, events, ok, routesFor } from '@/api/routes-for';
import type { Ctx } from '@/core/context';
import type { PlaygroundSession } from '@/db/schema';
import { TasksetRunView } from '@/optimize/runs/taskset-run-views';
import { ChatRequest } from './chat-message';
import { createSession } from './create-session';
import { editSessionPrompt } from './edit-session-prompt';
import { ImproveInput, improveSession } from './improve/improve-session';
import { IterationView, runsByText, toIterationView } from './improve/iteration-view';
import { agentIterations } from './improve/record-iteration';
import { OpenTraceInput, openTraceInPlayground } from './open-trace';
import { getSession, listSessions, listSteps, sessionView } from './read-session';
import { runSessionOnTaskset, SessionTasksetRunInput } from './run-session-taskset';
import { saveSessionVersion } from './save-session-version';
import { CreateSessionInput, UpdateSessionInput } from './session-input';
import { SessionListItem, SessionView, StepView } from './session-views';
import { streamChat } from './stream-chat';

const { get, list, patch, post } = routesFor('Playground');

const ImproveResult = z
  .object({
    iteration: IterationView,
    lints: z.array(LintFindingView),
    traceIds: z.array(z.string()),
    rules: z.array(z.object({ id: z.string(), title: z.string() })),
  })
  .openapi('ImproveResult');
const ListQuery = z.strictObject({ agentId: z.string().max(100).optional() });

/** A handler that makes a session with `make` and answers the session's view. */
const answeringView =
  <I>(make: (ctx: Ctx, input: I) => Promise<PlaygroundSession>) =>
  async (ctx: Ctx, input: I) =>
    sessionView(ctx, await make(ctx, input));

export const playgroundRoutes = createRouter()
  .openapi(
    ...post(
      '/playground/sessions',
      'Start a session on an agent version or a draft prompt',
      { json: CreateSessionInput },
      created(SessionView, 'The session'),
      answeringView(createSession),
    ),
  )
  .openapi(
    ...post(
      '/playground/sessions/from-trace',
      'Open a trace in the playground at step n (continue from its messages)',
      { json: OpenTraceInput },
      created(SessionView, 'The session'),
      answeringView(openTraceInPlayground),
    ),
  )
  .openapi(
    ...list(
      '/playground/sessions',
      'List sessions, most recently used first',
      { query: ListQuery },
      SessionListItem,
      'Sessions',
      listSessions,
    ),
  )
  .openapi(
    ...get(
      '/playground/sessions/{id}',
      'Get a session with its messages',
      {},
      ok(SessionView, 'The session'),
      (ctx, { id }) => getSession(ctx, id),
    ),
  )
  .openapi(
    ...patch(
      '/playground/sessions/{id}',
      "Edit a session's prompt, model settings, variables or tool modes",
      { json: UpdateSessionInput },
      ok(SessionView, 'The session'),
      async (ctx, { id, ...changes }) => {
        const { row, lints } = await editSessionPrompt(ctx, id, changes);
        return { ...(await sessionView(ctx, row)), lints };
      },
    ),
  )
  .openapi(
    ...list(
      '/playground/sessions/{id}/steps',
      'Every model call and tool call of a session, in order',
      {},
      StepView,
      'Steps',
      (ctx, { id }) => listSteps(ctx, id),
    ),
  )
  .openapi(
    ...post(
      '/playground/sessions/{id}/chat',
      'Send a message (or manual tool results) and stream the reply',
      { json: ChatRequest },
      events('The AI SDK UI message stream (Server-Sent Events) of the reply'),
      (ctx, { id, message }, c) =>
        streamChat(ctx, { sessionId: id, message, signal: c.req.raw.signal }),
    ),
  )
  .openapi(
    ...post(
      '/playground/sessions/{id}/save-version',
      "Save the session's prompt as a candidate version of its agent",
      {},
      created(AgentVersionView, 'The candidate version'),
      (ctx, { id }) => saveSessionVersion(ctx, id),
    ),
  )
  .openapi(
    ...post(
      '/playground/sessions/{id}/improve',
      "One-shot improve of the session's prompt from 3-8 failing traces (a proposal only)",
      { json: ImproveInput },
      created(ImproveResult, 'The recorded prompt iteration'),
      async (ctx, { id, ...body }) => {
        const out = await improveSession(ctx, id, body);
        return { ...out, iteration: toIterationView(out.iteration) };
      },
    ),
  )
  .openapi(
    ...list(
      '/playground/sessions/{id}/iterations',
      "The prompt iterations of the session's agent, newest first",
      {},
      IterationView,
      'Iterations',
      async (ctx, { id }) => {
        const session = await getSession(ctx, id);
        const rows = session.agentId ? await agentIterations(ctx, session.agentId) : [];
        const runs = await runsByText(
          ctx,
          rows.map((r) => r.text),
        );
        return rows.map((r) => toIterationView(r, runs.get(r.text)));
      },
    ),
  )
  .openapi(
    ...post(
      '/playground/sessions/{id}/taskset-runs',
      "Run the session's prompt (or one of its iterations) over a taskset split",
      { json: SessionTasksetRunInput },
      created(TasksetRunView, 'The queued run'),
      (ctx, { id, ...body }) => runSessionOnTaskset(ctx, id, body),
    ),
  );
