import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { mockLlmForFile } from './mock-llm-for-file.node';

const apiKey = 'sk-test-key';
const mock = mockLlmForFile({ apiKey });

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('mock LLM server against the official openai client', () => {
  const client = () => new OpenAI({ baseURL: mock.server.baseUrlV1, apiKey, maxRetries: 0 });

  it('answers a non-streaming completion with text and usage', async () => {
    mock.server.enqueue({ text: 'hello there', usage: { inputTokens: 11, outputTokens: 3 } });
    const completion = await client().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('hello there');
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3 });
    expect(mock.server.requests[0]).toMatchObject({
      protocol: 'openai',
      authScheme: 'bearer',
      apiKey,
      lastUserText: 'hi',
      hasTools: false,
    });
  });

  it('streams tool-call deltas that the client accumulates, then usage and [DONE]', async () => {
    mock.server.enqueue({
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }],
    });
    const stream = client().chat.completions.stream({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'weather in Oslo?' }],
      tools: [weatherTool],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({
      city: 'Oslo',
    });
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.usage?.total_tokens).toBeGreaterThan(0);
    expect(mock.server.requests[0]?.stream).toBe(true);
  });

  it('streams text deltas', async () => {
    mock.server.enqueue({ text: 'a fairly long streamed answer' });
    const stream = await client().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    const parts: string[] = [];
    for await (const chunk of stream) {
      parts.push(chunk.choices[0]?.delta.content ?? '');
    }
    expect(parts.filter(Boolean).length).toBeGreaterThan(1);
    expect(parts.join('')).toBe('a fairly long streamed answer');
  });

  it('sends refusals in message.refusal', async () => {
    mock.server.enqueue({ type: 'refusal', text: 'I cannot do that.' });
    const completion = await client().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion.choices[0]?.message).toMatchObject({
      content: null,
      refusal: 'I cannot do that.',
    });
  });

  it('raises the client errors the real API causes: 429 with retry-after, 401, context length', async () => {
    mock.server.enqueue({ type: 'rate_limit', retryAfterSeconds: 7 }, { type: 'context_length' });
    const messages = [{ role: 'user' as const, content: 'x' }];
    const rate = await client()
      .chat.completions.create({ model: 'm', messages })
      .catch((e) => e);
    expect(rate).toBeInstanceOf(OpenAI.RateLimitError);
    expect(rate.headers.get('retry-after')).toBe('7');
    const context = await client()
      .chat.completions.create({ model: 'm', messages })
      .catch((e) => e);
    expect(context).toBeInstanceOf(OpenAI.BadRequestError);
    expect(context.code).toBe('context_length_exceeded');
    const wrong = new OpenAI({ baseURL: mock.server.baseUrlV1, apiKey: 'nope', maxRetries: 0 });
    const auth = await wrong.chat.completions.create({ model: 'm', messages }).catch((e) => e);
    expect(auth).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('the client retries a 500 by itself and then gets the answer', async () => {
    mock.server.enqueue({ type: 'server_error' }, { text: 'recovered' });
    const retrying = new OpenAI({ baseURL: mock.server.baseUrlV1, apiKey, maxRetries: 1 });
    const completion = await retrying.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion.choices[0]?.message.content).toBe('recovered');
    expect(mock.server.requests).toHaveLength(2);
  });
});

describe('mock LLM server against the official @anthropic-ai/sdk client', () => {
  // The official SDK appends /v1/messages itself, so its baseURL has no /v1.
  const client = () => new Anthropic({ baseURL: mock.server.url, apiKey, maxRetries: 0 });
  const tools = [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
    },
  ];

  it('answers a non-streaming message with a tool_use block', async () => {
    mock.server.enqueue({
      text: 'Let me check.',
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Lima' } }],
    });
    const message = await client().messages.create({
      model: 'claude-test',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'weather?' }],
      tools,
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: { city: 'Lima' },
    });
    expect(mock.server.requests[0]).toMatchObject({
      protocol: 'anthropic',
      apiKey,
      hasTools: true,
    });
  });

  it('streams input_json_delta into a final message', async () => {
    mock.server.enqueue({
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Kyiv', days: 3 } }],
    });
    const final = await client()
      .messages.stream({
        model: 'claude-test',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'w' }],
        tools,
      })
      .finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'tool_use', input: { city: 'Kyiv', days: 3 } });
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams text after a tool_result and reports it in the request log', async () => {
    mock.server.setResponder((request) => ({
      text: request.hasToolResult ? 'It is sunny in Kyiv.' : 'no',
    }));
    const texts: string[] = [];
    const stream = client().messages.stream({
      model: 'claude-test',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'w' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Kyiv' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny' }] },
      ],
    });
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.join('')).toBe('It is sunny in Kyiv.');
    expect(final.stop_reason).toBe('end_turn');
    expect(mock.server.requests[0]?.hasToolResult).toBe(true);
    mock.server.setResponder((request) => ({ text: `mock: ${request.lastUserText}` }));
  });

  it('raises typed errors for 429, 529 and a too-long prompt', async () => {
    mock.server.enqueue(
      { type: 'rate_limit', retryAfterSeconds: 3 },
      { type: 'server_error', status: 529 },
      { type: 'context_length' },
    );
    const ask = () =>
      client()
        .messages.create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
        .catch((e) => e);
    const rate = await ask();
    expect(rate).toBeInstanceOf(Anthropic.RateLimitError);
    expect(rate.headers.get('retry-after')).toBe('3');
    const overloaded = await ask();
    expect(overloaded.status).toBe(529);
    expect(overloaded.error.error.type).toBe('overloaded_error');
    const context = await ask();
    expect(context).toBeInstanceOf(Anthropic.BadRequestError);
    expect(context.error.error.message).toMatch(/prompt is too long/);
  });

  it('rejects a wrong x-api-key with authentication_error', async () => {
    const wrong = new Anthropic({ baseURL: mock.server.url, apiKey: 'bad', maxRetries: 0 });
    const error = await wrong.messages
      .create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.error.error.type).toBe('authentication_error');
  });
});
