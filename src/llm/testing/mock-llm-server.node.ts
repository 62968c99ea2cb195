import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeRequest } from './describe-mock-request.node.js';
import {
  renderAnthropicError,
  renderAnthropicMessage,
  renderAnthropicStream,
} from './mock-anthropic-protocol';
import {
  renderOpenAiCompletion,
  renderOpenAiError,
  renderOpenAiStream,
} from './mock-openai-protocol';
import type { MockRendered } from './mock-rendered';
import type { MockProtocol, MockReply, MockRequest, MockResponder } from './mock-reply';

export type MockLlmServerOptions = {
  /** When set, requests must present this key (Bearer or x-api-key) or get the protocol's 401. */
  apiKey?: string;
  /** Replies served in order before the responder is asked. */
  replies?: MockReply[];
  /** Answers when the queue is empty; the default echoes the last user message. */
  responder?: MockResponder;
};

export type MockLlmServer = {
  url: string;
  /** Base URL for OpenAI clients and `@ai-sdk/anthropic` (both include `/v1`). */
  baseUrlV1: string;
  /** Every request received, in order. */
  requests: MockRequest[];
  enqueue(...replies: MockReply[]): void;
  setResponder(responder: MockResponder): void;
  close(): Promise<void>;
};

const echo: MockResponder = (request) => ({ text: `mock: ${request.lastUserText}` });

/** A real HTTP server speaking OpenAI chat completions and Anthropic messages, for tests. */
export async function startMockLlmServer(
  options: MockLlmServerOptions = {},
): Promise<MockLlmServer> {
  const queue = [...(options.replies ?? [])];
  let responder = options.responder ?? echo;
  const requests: MockRequest[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        writeJson(res, { status: 500, headers: {}, body: { error: String(error) } });
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/v1/models') {
      writeJson(res, { status: 200, headers: {}, body: { object: 'list', data: [] } });
      return;
    }
    const protocol: MockProtocol | null =
      path === '/v1/chat/completions' ? 'openai' : path === '/v1/messages' ? 'anthropic' : null;
    if (req.method !== 'POST' || !protocol) {
      writeJson(res, {
        status: 404,
        headers: {},
        body: { error: { message: `no route ${path}` } },
      });
      return;
    }
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      writeJson(res, { status: 400, headers: {}, body: { error: { message: 'invalid JSON' } } });
      return;
    }
    const request = describeRequest(protocol, req, path, body);
    requests.push(request);

    const authorised = !options.apiKey || request.apiKey === options.apiKey;
    const reply: MockReply = authorised
      ? (queue.shift() ?? (await responder(request)))
      : { type: 'auth_error' };
    if (reply.type === 'hang') {
      return;
    }
    if ((reply.type === undefined || reply.type === 'answer') && reply.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed) {
        return;
      }
    }
    const rendered = render(protocol, request, reply);
    if (rendered.frames) {
      await writeStream(res, rendered);
    } else {
      writeJson(res, rendered);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrlV1: `${url}/v1`,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setResponder: (next) => {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function render(protocol: MockProtocol, request: MockRequest, reply: MockReply): MockRendered {
  if (reply.type === 'raw') {
    return { status: reply.status, headers: reply.headers ?? {}, body: reply.body };
  }
  if (protocol === 'openai') {
    return (
      renderOpenAiError(reply, request.model) ??
      (request.stream ? renderOpenAiStream(request, reply) : renderOpenAiCompletion(request, reply))
    );
  }
  return (
    renderAnthropicError(reply) ??
    (request.stream
      ? renderAnthropicStream(request, reply)
      : renderAnthropicMessage(request, reply))
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function writeJson(res: ServerResponse, rendered: MockRendered) {
  res.writeHead(rendered.status, { 'content-type': 'application/json', ...rendered.headers });
  res.end(JSON.stringify(rendered.body));
}

async function writeStream(res: ServerResponse, rendered: MockRendered) {
  res.writeHead(rendered.status, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...rendered.headers,
  });
  for (const frame of rendered.frames ?? []) {
    if (res.destroyed) {
      return;
    }
    res.write(frame);
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}
