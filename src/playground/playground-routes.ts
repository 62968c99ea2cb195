import { z } from '@hono/zod-openapi';
import { AgentVersionView } from '@/agents/agent-views';
import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { TasksetRunView } from '@/optimize/runs/taskset-run-views';
import { ChatRequest } from './chat-message';
import { createSession } from './create-session';
import { editSessionPrompt } from './edit-session-prompt';
import { ImproveInput, improveSession } from './improve/improve-session';
import { IterationView, runsByText, toIterationView } from './improve/iteration-view';
import { agentIterations } from './improve/record-iteration';
import { OpenTraceInput, openTraceInPlayground } from './open-trace';
import { LintFindingView } from './practices/practice-input';
import { getSession, listSessions, listSteps, sessionView } from './read-session';
import { runSessionOnTaskset, SessionTasksetRunInput } from './run-session-taskset';
import { saveSessionVersion } from './save-session-version';
import { CreateSessionInput, UpdateSessionInput } from './session-input';
import { SessionView, StepView } from './session-views';
import { streamChat } from './stream-chat';

const route = routesFor('Playground');

const SessionListItem = z
  .object({
    id: z.string(),
    agentId: z.string().nullable(),
    agentVersionId: z.string().nullable(),
    traceId: z.string().nullable(),
    status: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PlaygroundSessionListItem');
const ImproveResult = z
  .object({
    iteration: IterationView,
    lints: z.array(LintFindingView),
    traceIds: z.array(z.string()),
    rules: z.array(z.object({ id: z.string(), title: z.string() })),
  })
  .openapi('ImproveResult');
const ListQuery = z.strictObject({ agentId: z.string().max(100).optional() });
const uiMessageStream = {
  description: 'The AI SDK UI message stream (Server-Sent Events) of the reply',
  content: { 'text/event-stream': { schema: z.string() } },
};

export const playgroundRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/playground/sessions',
      summary: 'Start a session on an agent version or a draft prompt',
      request: { body: jsonBody(CreateSessionInput) },
      responses: { 201: jsonResponse(SessionView, 'The session') },
    }),
    async (c) => {
      const row = await createSession(c.var.ctx, c.req.valid('json'));
      return c.json(await sessionView(c.var.ctx, row), 201);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/playground/sessions/from-trace',
      summary: 'Open a trace in the playground at step n (continue from its messages)',
      request: { body: jsonBody(OpenTraceInput) },
      responses: { 201: jsonResponse(SessionView, 'The session') },
    }),
    async (c) => {
      const row = await openTraceInPlayground(c.var.ctx, c.req.valid('json'));
      return c.json(await sessionView(c.var.ctx, row), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/playground/sessions',
      summary: 'List sessions, most recently used first',
      request: { query: ListQuery },
      responses: { 200: jsonResponse(pageOf(SessionListItem), 'Sessions') },
    }),
    async (c) => c.json(onePage(await listSessions(c.var.ctx, c.req.valid('query'))), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/playground/sessions/{id}',
      summary: 'Get a session with its messages',
      request: { params: IdParam },
      responses: { 200: jsonResponse(SessionView, 'The session') },
    }),
    async (c) => c.json(await getSession(c.var.ctx, c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/playground/sessions/{id}',
      summary: "Edit a session's prompt, model settings, variables or tool modes",
      request: { params: IdParam, body: jsonBody(UpdateSessionInput) },
      responses: { 200: jsonResponse(SessionView, 'The session') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { row, lints } = await editSessionPrompt(c.var.ctx, id, c.req.valid('json'));
      return c.json({ ...(await sessionView(c.var.ctx, row)), lints }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/playground/sessions/{id}/steps',
      summary: 'Every model call and tool call of a session, in order',
      request: { params: IdParam },
      responses: { 200: jsonResponse(pageOf(StepView), 'Steps') },
    }),
    async (c) => c.json(onePage(await listSteps(c.var.ctx, c.req.valid('param').id)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/playground/sessions/{id}/chat',
      summary: 'Send a message (or manual tool results) and stream the reply',
      request: { params: IdParam, body: jsonBody(ChatRequest) },
      responses: { 200: uiMessageStream },
    }),
    async (c) =>
      (await streamChat(c.var.ctx, {
        sessionId: c.req.valid('param').id,
        message: c.req.valid('json').message,
        signal: c.req.raw.signal,
      })) as never,
  )
  .openapi(
    route({
      method: 'post',
      path: '/playground/sessions/{id}/save-version',
      summary: "Save the session's prompt as a candidate version of its agent",
      request: { params: IdParam },
      responses: { 201: jsonResponse(AgentVersionView, 'The candidate version') },
    }),
    async (c) => c.json(await saveSessionVersion(c.var.ctx, c.req.valid('param').id), 201),
  )
  .openapi(
    route({
      method: 'post',
      path: '/playground/sessions/{id}/improve',
      summary: "One-shot improve of the session's prompt from 3-8 failing traces (a proposal only)",
      request: { params: IdParam, body: jsonBody(ImproveInput) },
      responses: { 201: jsonResponse(ImproveResult, 'The recorded prompt iteration') },
    }),
    async (c) => {
      const out = await improveSession(c.var.ctx, c.req.valid('param').id, c.req.valid('json'));
      return c.json({ ...out, iteration: toIterationView(out.iteration) }, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/playground/sessions/{id}/iterations',
      summary: "The prompt iterations of the session's agent, newest first",
      request: { params: IdParam },
      responses: { 200: jsonResponse(pageOf(IterationView), 'Iterations') },
    }),
    async (c) => {
      const session = await getSession(c.var.ctx, c.req.valid('param').id);
      const rows = session.agentId ? await agentIterations(c.var.ctx, session.agentId) : [];
      const runs = await runsByText(
        c.var.ctx,
        rows.map((r) => r.text),
      );
      return c.json(onePage(rows.map((r) => toIterationView(r, runs.get(r.text)))), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/playground/sessions/{id}/taskset-runs',
      summary: "Run the session's prompt (or one of its iterations) over a taskset split",
      request: { params: IdParam, body: jsonBody(SessionTasksetRunInput) },
      responses: { 201: jsonResponse(TasksetRunView, 'The queued run') },
    }),
    async (c) => {
      const run = await runSessionOnTaskset(
        c.var.ctx,
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(run, 201);
    },
  );
