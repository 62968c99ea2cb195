import { chunkText, type MockRendered, renderedWithRequestId, sseData } from './mock-rendered';
import { estimateTokens, type MockReply, type MockRequest } from './mock-reply';

type Answer = Extract<MockReply, { type?: 'answer' }>;

const rendered = renderedWithRequestId('x-request-id');

/** Error answers with the status codes, headers and bodies the OpenAI API sends. */
export function renderOpenAiError(reply: MockReply, model: string): MockRendered | null {
  const error = (status: number, body: object, headers: Record<string, string> = {}) =>
    rendered(status, { body: { error: { param: null, code: null, ...body } } }, headers);
  switch (reply.type) {
    case 'rate_limit':
      return error(
        429,
        {
          message: `Rate limit reached for ${model} in organization org-mock on tokens per min (TPM): Limit 30000, Used 29800, Requested 900. Please try again in ${reply.retryAfterSeconds ?? 1}s.`,
          type: 'tokens',
          code: 'rate_limit_exceeded',
        },
        {
          'retry-after': String(reply.retryAfterSeconds ?? 1),
          'x-ratelimit-limit-tokens': '30000',
          'x-ratelimit-remaining-tokens': '200',
        },
      );
    case 'server_error':
      return error(reply.status ?? 500, {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
      });
    case 'auth_error':
      return error(401, {
        message:
          'Incorrect API key provided: sk-mock***. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      });
    case 'context_length': {
      const max = reply.maxTokens ?? 128000;
      return error(400, {
        message: `This model's maximum context length is ${max} tokens. However, your messages resulted in ${reply.requestedTokens ?? max + 1234} tokens. Please reduce the length of the messages.`,
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      });
    }
    default:
      return null;
  }
}

function usageOf(request: MockRequest, reply: Answer, text: string) {
  const prompt = reply.usage?.inputTokens ?? estimateTokens(JSON.stringify(request.body.messages));
  const completion = reply.usage?.outputTokens ?? estimateTokens(text);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

function toolCallsOf(reply: Answer) {
  return (reply.toolCalls ?? []).map((call, index) => ({
    index,
    id: call.id ?? `call_mock_${index}`,
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

/** A `chat.completion` object (non-streaming answer), refusals included. */
export function renderOpenAiCompletion(request: MockRequest, reply: MockReply): MockRendered {
  const answer: Answer = reply.type === 'refusal' ? {} : (reply as Answer);
  const refusal =
    reply.type === 'refusal' ? (reply.text ?? "I'm sorry, I can't help with that.") : null;
  const text = answer.text ?? '';
  const toolCalls = toolCallsOf(answer).map(({ index: _index, ...call }) => call);
  const finish = refusal ? 'stop' : toolCalls.length > 0 ? 'tool_calls' : 'stop';
  return rendered(200, {
    body: {
      id: 'chatcmpl-mock',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: refusal ? null : text.length > 0 ? text : null,
            refusal,
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: finish,
        },
      ],
      usage: usageOf(request, answer, refusal ?? text),
      system_fingerprint: 'fp_mock',
    },
  });
}

/** `chat.completion.chunk` frames: role, text deltas, tool-call deltas, finish, usage, `[DONE]`. */
export function renderOpenAiStream(request: MockRequest, reply: MockReply): MockRendered {
  const answer: Answer = reply.type === 'refusal' ? {} : (reply as Answer);
  const refusal =
    reply.type === 'refusal' ? (reply.text ?? "I'm sorry, I can't help with that.") : null;
  const text = answer.text ?? '';
  const base = {
    id: 'chatcmpl-mock',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    system_fingerprint: 'fp_mock',
  };
  const chunk = (delta: object, finish: string | null = null) =>
    sseData({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const frames = [chunk({ role: 'assistant', content: '', refusal: null })];
  if (refusal) {
    for (const piece of chunkText(refusal)) {
      frames.push(chunk({ refusal: piece }));
    }
  }
  for (const piece of chunkText(text)) {
    frames.push(chunk({ content: piece }));
  }
  const toolCalls = toolCallsOf(answer);
  for (const call of toolCalls) {
    frames.push(
      chunk({
        tool_calls: [
          {
            index: call.index,
            id: call.id,
            type: 'function',
            function: { name: call.function.name, arguments: '' },
          },
        ],
      }),
    );
    for (const piece of chunkText(call.function.arguments, 12)) {
      frames.push(chunk({ tool_calls: [{ index: call.index, function: { arguments: piece } }] }));
    }
  }
  frames.push(chunk({}, toolCalls.length > 0 ? 'tool_calls' : 'stop'));
  const options = request.body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage) {
    frames.push(
      sseData({ ...base, choices: [], usage: usageOf(request, answer, refusal ?? text) }),
    );
  }
  frames.push(sseData('[DONE]'));
  return rendered(200, { frames });
}
