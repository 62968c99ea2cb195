import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, readJson, type TestApi } from '@/api/testing';
import { traces } from '@/db/schema';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { callsTools } from '@/traces/testing/openai-messages';
import { streamedText, uiStreamEvents } from './testing';

const PROMPT = 'You are the shop agent of {{shop}}.';
const schema = { type: 'object', properties: { order: { type: 'string' } }, required: ['order'] };

/** The mock agent: a tool result gets an answer; "order" asks for get_order, "lookup" for lookup. */
function agent(request: MockRequest) {
  const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
  const last = messages.at(-1);
  if (last?.role === 'tool') {
    return { text: `done: ${String(last.content).slice(0, 80)}` };
  }
  if (request.lastUserText.includes('order')) {
    return { toolCalls: [{ name: 'get_order', arguments: { order: 'A1' } }] };
  }
  if (request.lastUserText.includes('lookup')) {
    return { toolCalls: [{ name: 'lookup', arguments: { order: 'B2' } }] };
  }
  return { text: `mock: ${request.lastUserText}` };
}

let llm: MockLlmServer;
beforeAll(async () => {
  llm = await startMockLlmServer({ responder: agent });
});
afterAll(() => llm.close());

let api: TestApi;
let agentId: string;
beforeEach(async () => {
  llm.setResponder(agent);
  api = await createTestApi({
    deps: {
      llmEnv: {
        IOFOLD_LLM_PROVIDER: 'openai-compatible',
        IOFOLD_LLM_BASE_URL: llm.baseUrlV1,
        IOFOLD_LLM_MODEL: 'mock-model',
      },
    },
  });
  agentId = (await api.json('POST', '/v1/agents', { name: 'shop', promptTemplate: PROMPT })).body
    .id;
  for (const [name, mode] of [
    ['get_order', 'manual'],
    ['lookup', 'replay'],
  ] as const) {
    const tool = await api.json('POST', '/v1/tools', { name, inputSchema: schema });
    await api.json('PUT', `/v1/agents/${agentId}/tools/${tool.body.id}`, { mode });
  }
});
afterEach(() => api.close());

const userMessage = (id: string, text: string) => ({
  message: { id, role: 'user', parts: [{ type: 'text', text }] },
});

async function newSession(extra: Record<string, unknown> = {}) {
  const created = await api.json('POST', '/v1/playground/sessions', {
    agentId,
    variables: { shop: 'Acme' },
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function chat(id: string, body: unknown) {
  const response = await api.request(`/v1/playground/sessions/${id}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('playground sessions', () => {
  it('streams a reply as a UI message stream, records the model step and stores the session as a trace', async () => {
    const id = await newSession();
    const reply = await chat(id, userMessage('u1', 'hello there'));
    expect(reply.status).toBe(200);
    expect(streamedText(reply.text)).toBe('mock: hello there');
    const sent = llm.requests.at(-1);
    expect(sent?.stream).toBe(true);
    expect(JSON.stringify(sent?.body.messages)).toContain('You are the shop agent of Acme.');
    const session = (await api.json('GET', `/v1/playground/sessions/${id}`)).body;
    expect(session.status).toBe('idle');
    expect(session.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    const steps = (await api.json('GET', `/v1/playground/sessions/${id}/steps`)).body.data;
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ kind: 'model', stepIndex: 0, error: null });
    expect(steps[0].outputTokens).toBeGreaterThan(0);
    const trace = (await api.json('GET', `/v1/traces/${session.traceId}`)).body;
    expect(trace.source).toBe('playground');
    expect(trace.metadata).toMatchObject({ playground_session_id: id, incomplete: false });
  });

  it('stops at a manual tool call and continues with the result the person wrote', async () => {
    const id = await newSession();
    const first = await chat(id, userMessage('u1', 'where is my order?'));
    const events = uiStreamEvents(first.text);
    const call = events.find((e) => e.type === 'tool-input-available');
    expect(call).toMatchObject({ toolName: 'get_order', input: { order: 'A1' } });
    const session = (await api.json('GET', `/v1/playground/sessions/${id}`)).body;
    const assistant = session.messages.at(-1);
    const part = assistant.parts.find((p: { type: string }) => p.type === 'tool-get_order');
    expect(part.state).toBe('input-available');
    // a new message while the call waits is refused
    expect((await chat(id, userMessage('u2', 'hello?'))).status).toBe(400);
    const answered = {
      ...assistant,
      parts: assistant.parts.map((p: { type: string }) =>
        p === part ? { ...part, state: 'output-available', output: 'shipped on Monday' } : p,
      ),
    };
    const second = await chat(id, { message: answered });
    expect(second.status).toBe(200);
    expect(streamedText(second.text)).toBe('done: shipped on Monday');
    const steps = (await api.json('GET', `/v1/playground/sessions/${id}/steps`)).body.data;
    expect(
      steps.map((s: { kind: string; toolMode: string | null }) => [s.kind, s.toolMode]),
    ).toEqual([
      ['model', null],
      ['tool', 'manual'],
      ['model', null],
    ]);
    const after = (await api.json('GET', `/v1/playground/sessions/${id}`)).body;
    const trace = (await api.json('GET', `/v1/traces/${after.traceId}`)).body;
    const toolSpan = trace.spans.find((s: { kind: string }) => s.kind === 'TOOL');
    expect(toolSpan.attributes['iofold.tool.mode']).toBe('manual');
    expect(JSON.stringify(toolSpan.output)).toContain('shipped on Monday');
  });

  it('runs a replay tool through the router and records it as a step', async () => {
    const id = await newSession();
    const reply = await chat(id, userMessage('u1', 'lookup B2'));
    expect(streamedText(reply.text)).toContain('done: no recorded result of lookup');
    const steps = (await api.json('GET', `/v1/playground/sessions/${id}/steps`)).body.data;
    expect(steps[1]).toMatchObject({ kind: 'tool', toolName: 'lookup', toolMode: 'replay' });
    expect(steps[1].error).toContain('no recorded result');
  });

  it('answers 400 naming an unknown variable, and one with no value', async () => {
    const bad = await api.json('POST', '/v1/playground/sessions', {
      agentId,
      variables: { shop: 'Acme', region: 'EU' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"region"');
    const id = await newSession({ variables: {} });
    const missing = await chat(id, userMessage('u1', 'hi'));
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('"shop"');
  });

  it('answers 400 saying what to configure when no model is set', async () => {
    const bare = await createTestApi();
    const id = (await bare.json('POST', '/v1/playground/sessions', { draftPrompt: 'You help.' }))
      .body.id;
    const response = await bare.request(`/v1/playground/sessions/${id}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(userMessage('u1', 'hi')),
    });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error.message).toContain('IOFOLD_LLM_PROVIDER');
    bare.close();
  });

  it('answers 409 to a second message while a reply streams', async () => {
    llm.setResponder(() => ({ text: 'slow answer', delayMs: 600 }));
    const id = await newSession();
    const first = chat(id, userMessage('u1', 'one'));
    await new Promise((r) => setTimeout(r, 150));
    const second = await chat(id, userMessage('u2', 'two'));
    expect(second.status).toBe(409);
    expect(streamedText((await first).text)).toBe('slow answer');
  });

  it('refuses a conversation over the context it was given, and shows a provider context error plainly', async () => {
    const id = await newSession({ modelConfig: { contextTokens: 300 } });
    const long = await chat(id, userMessage('u1', 'x'.repeat(2000)));
    expect(long.status).toBe(400);
    expect(long.text).toContain("over the model's context of 300");
    llm.setResponder(() => ({ type: 'context_length', maxTokens: 100, requestedTokens: 900 }));
    const other = await newSession();
    const reply = await chat(other, userMessage('u1', 'hi'));
    const error = uiStreamEvents(reply.text).find((e) => e.type === 'error');
    expect(String(error?.errorText)).toContain("longer than the model's context window");
    const steps = (await api.json('GET', `/v1/playground/sessions/${other}/steps`)).body.data;
    expect(steps[0].error).toContain('context window');
  });

  it('keeps the steps and marks the trace incomplete when the client disconnects mid-stream', async () => {
    const server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    llm.setResponder((request) =>
      request.hasToolResult
        ? { text: 'too late', delayMs: 2000 }
        : { toolCalls: [{ name: 'lookup', arguments: { order: 'C3' } }] },
    );
    const id = await newSession();
    const abort = new AbortController();
    const response = await fetch(`${url}/v1/playground/sessions/${id}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.secretKey}` },
      body: JSON.stringify(userMessage('u1', 'go')),
      signal: abort.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while (!seen.includes('tool-output-available')) {
      seen += new TextDecoder().decode((await reader.read()).value);
    }
    abort.abort();
    let session = (await api.json('GET', `/v1/playground/sessions/${id}`)).body;
    for (let i = 0; i < 100 && session.status !== 'idle'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      session = (await api.json('GET', `/v1/playground/sessions/${id}`)).body;
    }
    expect(session.status).toBe('idle');
    const steps = (await api.json('GET', `/v1/playground/sessions/${id}/steps`)).body.data;
    expect(steps.slice(0, 2).map((s: { kind: string }) => s.kind) as string[]).toEqual([
      'model',
      'tool',
    ]);
    const [trace] = await api.deps.db.select().from(traces).where(eq(traces.id, session.traceId));
    expect(trace?.metadata).toMatchObject({ incomplete: true });
    await new Promise((r) => server.close(r));
  });

  it('opens a trace at step n with the conversation before it, and continues from there', async () => {
    const recorded = {
      id: 'bad-1',
      messages: [
        { role: 'system', content: 'You are the shop agent of Acme.' },
        { role: 'user', content: 'lookup my order' },
        callsTools('', ['c1', 'lookup', '{"order":"B2"}']),
        { role: 'tool', tool_call_id: 'c1', content: 'B2: delayed' },
        { role: 'assistant', content: 'It was cancelled.' },
      ],
    };
    const imported = await api.request('/api/traces/import?format=openai', {
      method: 'POST',
      body: JSON.stringify(recorded),
    });
    expect(imported.status).toBeLessThan(300);
    const [row] = await api.deps.db.select().from(traces).where(eq(traces.externalId, 'bad-1'));
    const opened = await api.json('POST', '/v1/playground/sessions/from-trace', {
      traceId: row?.id,
      step: 1,
    });
    expect(opened.status).toBe(201);
    expect(opened.body.agentId).toBe(agentId);
    expect(opened.body.variables).toEqual({ shop: 'Acme' });
    const [user, assistant] = opened.body.messages;
    expect(user.parts[0].text).toBe('lookup my order');
    expect(assistant.parts.find((p: { type: string }) => p.type === 'tool-lookup')).toMatchObject({
      state: 'output-available',
      output: 'B2: delayed',
    });
    const reply = await chat(opened.body.id, { message: assistant });
    expect(streamedText(reply.text)).toBe('done: B2: delayed');
    const session = (await api.json('GET', `/v1/playground/sessions/${opened.body.id}`)).body;
    const trace = (await api.json('GET', `/v1/traces/${session.traceId}`)).body;
    expect(trace.metadata).toMatchObject({ opened_from_trace: row?.id, opened_at_step: 1 });
    const past = await api.json('POST', '/v1/playground/sessions/from-trace', {
      traceId: row?.id,
      step: 5,
    });
    expect(past.status).toBe(400);
  });

  it("saves the session's prompt as a candidate version, and hides sessions of other workspaces", async () => {
    const id = await newSession();
    const dropped = await api.json('PATCH', `/v1/playground/sessions/${id}`, {
      draftPrompt:
        'You are the shop agent of {{shop}}.\nUse get_order, then lookup.\nBe brief and kind.\nBe brief and kind.',
    });
    expect(dropped.body.lints.map((l: { lint: string }) => l.lint)).toEqual(['duplicate_lines']);
    const edited = await api.json('PATCH', `/v1/playground/sessions/${id}`, {
      draftPrompt: 'You are the careful shop agent of {{shop}}. Use get_order, then lookup.',
    });
    expect(edited.body.lints).toEqual([]);
    const saved = await api.json('POST', `/v1/playground/sessions/${id}/save-version`);
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ status: 'candidate', source: 'playground', version: 2 });
    const other = await api.addWorkspace();
    expect((await other.json('GET', `/v1/playground/sessions/${id}`)).status).toBe(404);
    expect(
      (await other.json('POST', `/v1/playground/sessions/${id}/chat`, userMessage('x', 'hi')))
        .status,
    ).toBe(404);
  });
});
