import { z } from '@hono/zod-openapi';
import { AgentVersionView } from '@/agents/agent-views';
import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { ChatRequest } from './chat-message';
import { createSession } from './create-session';
import { OpenTraceInput, openTraceInPlayground } from './open-trace';
import { lintPrompt } from './practices/lint-prompt';
import { getSession, listSessions, listSteps, sessionView } from './read-session';
import { saveSessionVersion } from './save-session-version';
import { CreateSessionInput, UpdateSessionInput } from './session-input';
import { SessionView, StepView } from './session-views';
import { streamChat } from './stream-chat';
import { updateSession } from './update-session';

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
      const before = await getSession(c.var.ctx, id);
      const view = await sessionView(
        c.var.ctx,
        await updateSession(c.var.ctx, id, c.req.valid('json')),
      );
      return c.json({ ...view, lints: lintPrompt(view.prompt, before.prompt) }, 200);
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
  );
