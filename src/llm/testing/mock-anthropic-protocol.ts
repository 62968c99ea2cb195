import { chunkText, type MockRendered, renderedWithRequestId, sseEvent } from './mock-rendered';
import { estimateTokens, type MockReply, type MockRequest } from './mock-reply';

type Answer = Extract<MockReply, { type?: 'answer' }>;

const rendered = renderedWithRequestId('request-id');

/** Error answers with the status codes, headers and bodies the Anthropic API sends. */
export function renderAnthropicError(reply: MockReply): MockRendered | null {
  const error = (status: number, type: string, message: string, headers = {}) =>
    rendered(status, { body: { type: 'error', error: { type, message } } }, headers);
  switch (reply.type) {
    case 'rate_limit':
      return error(
        429,
        'rate_limit_error',
        'This request would exceed the rate limit for your organization of 50,000 input tokens per minute.',
        {
          'retry-after': String(reply.retryAfterSeconds ?? 1),
          'anthropic-ratelimit-input-tokens-remaining': '0',
        },
      );
    case 'server_error':
      return reply.status === 529
        ? error(529, 'overloaded_error', 'Overloaded')
        : error(reply.status ?? 500, 'api_error', 'Internal server error');
    case 'auth_error':
      return error(401, 'authentication_error', 'invalid x-api-key');
    case 'context_length':
      return error(
        400,
        'invalid_request_error',
        `prompt is too long: ${reply.requestedTokens ?? 201234} tokens > ${reply.maxTokens ?? 200000} maximum`,
      );
    default:
      return null;
  }
}

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function blocksOf(reply: MockReply): { blocks: Block[]; stopReason: string } {
  if (reply.type === 'refusal') {
    return {
      blocks: [{ type: 'text', text: reply.text ?? "I can't help with that request." }],
      stopReason: 'refusal',
    };
  }
  const answer = reply as Answer;
  const blocks: Block[] = [];
  if (answer.text) {
    blocks.push({ type: 'text', text: answer.text });
  }
  (answer.toolCalls ?? []).forEach((call, index) => {
    blocks.push({
      type: 'tool_use',
      id: call.id ?? `toolu_mock_${index}`,
      name: call.name,
      input: call.arguments,
    });
  });
  return { blocks, stopReason: answer.toolCalls?.length ? 'tool_use' : 'end_turn' };
}

function usageOf(request: MockRequest, reply: MockReply, blocks: Block[]) {
  const scripted = reply.type === undefined || reply.type === 'answer' ? reply.usage : undefined;
  const prompt = JSON.stringify([request.body.system ?? '', request.body.messages]);
  return {
    input_tokens: scripted?.inputTokens ?? estimateTokens(prompt),
    output_tokens: scripted?.outputTokens ?? estimateTokens(JSON.stringify(blocks)),
  };
}

/** A `message` object (non-streaming answer). */
export function renderAnthropicMessage(request: MockRequest, reply: MockReply): MockRendered {
  const { blocks, stopReason } = blocksOf(reply);
  return rendered(200, {
    body: {
      id: 'msg_mock',
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: blocks,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: usageOf(request, reply, blocks),
    },
  });
}

/** The event stream: message_start, content_block_* per block, message_delta, message_stop. */
export function renderAnthropicStream(request: MockRequest, reply: MockReply): MockRendered {
  const { blocks, stopReason } = blocksOf(reply);
  const usage = usageOf(request, reply, blocks);
  const frames = [
    sseEvent('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_mock',
        type: 'message',
        role: 'assistant',
        model: request.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
      },
    }),
    sseEvent('ping', { type: 'ping' }),
  ];
  blocks.forEach((block, index) => {
    const start = block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} };
    frames.push(
      sseEvent('content_block_start', { type: 'content_block_start', index, content_block: start }),
    );
    const deltas =
      block.type === 'text'
        ? chunkText(block.text).map((text) => ({ type: 'text_delta', text }))
        : chunkText(JSON.stringify(block.input), 12).map((partial_json) => ({
            type: 'input_json_delta',
            partial_json,
          }));
    for (const delta of deltas) {
      frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta }));
    }
    frames.push(sseEvent('content_block_stop', { type: 'content_block_stop', index }));
  });
  frames.push(
    sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }),
    sseEvent('message_stop', { type: 'message_stop' }),
  );
  return rendered(200, { frames });
}
