import type { IncomingMessage } from 'node:http';
import type { MockProtocol, MockRequest } from './mock-reply';

type Part = { type?: string; text?: string };

function flatten(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    return (content as Part[])
      .filter((part) => part.type === 'text' && typeof part.text === 'string')
      .map((part) => part.text)
      .join('\n');
  }
  return '';
}

/** Normalises one received request for the log and for scripted responders. */
export function describeRequest(
  protocol: MockProtocol,
  req: IncomingMessage,
  path: string,
  body: Record<string, unknown>,
): MockRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') {
      headers[name] = value;
    }
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1] ?? null;
  const xApiKey = headers['x-api-key'] ?? null;
  const messages = Array.isArray(body.messages)
    ? (body.messages as { role?: string; content?: unknown }[])
    : [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const hasToolResult = messages.some(
    (message) =>
      message.role === 'tool' ||
      (Array.isArray(message.content) &&
        (message.content as Part[]).some((part) => part.type === 'tool_result')),
  );
  return {
    protocol,
    method: req.method ?? 'POST',
    path,
    headers,
    apiKey: xApiKey ?? bearer,
    authScheme: xApiKey ? 'x-api-key' : bearer ? 'bearer' : null,
    body,
    stream: body.stream === true,
    model: typeof body.model === 'string' ? body.model : 'unknown',
    lastUserText: flatten(lastUser?.content),
    hasToolResult,
    hasTools: Array.isArray(body.tools) && body.tools.length > 0,
  };
}
