/** What the mock LLM server answers to one request. Protocol-neutral; each protocol renders it. */
export type MockToolCall = { id?: string; name: string; arguments: Record<string, unknown> };

export type MockReply =
  | {
      type?: 'answer';
      text?: string;
      toolCalls?: MockToolCall[];
      /** Token counts to report; estimated from the request and answer when absent. */
      usage?: { inputTokens?: number; outputTokens?: number };
      /** Wait this long before answering (for timeout tests). */
      delayMs?: number;
    }
  | { type: 'refusal'; text?: string }
  | { type: 'rate_limit'; retryAfterSeconds?: number }
  | { type: 'server_error'; status?: 500 | 502 | 503 | 529 }
  | { type: 'auth_error' }
  | { type: 'context_length'; maxTokens?: number; requestedTokens?: number }
  | { type: 'hang' }
  | { type: 'raw'; status: number; body: unknown; headers?: Record<string, string> };

export type MockProtocol = 'openai' | 'anthropic';

/** One request as the server received it (after JSON parsing). */
export type MockRequest = {
  protocol: MockProtocol;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The API key presented through `Authorization: Bearer` or `x-api-key`, if any. */
  apiKey: string | null;
  authScheme: 'bearer' | 'x-api-key' | null;
  body: Record<string, unknown>;
  stream: boolean;
  model: string;
  /** The last user message's text, flattened (convenience for scripted responders). */
  lastUserText: string;
  /** True when the conversation already contains a tool result. */
  hasToolResult: boolean;
  /** True when the request offers tools. */
  hasTools: boolean;
};

export type MockResponder = (request: MockRequest) => MockReply | Promise<MockReply>;

/** Rough token estimate used when a reply does not script its usage. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
