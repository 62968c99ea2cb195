import { z } from '@hono/zod-openapi';
import { AppError } from '@/core/errors';
import type { PlaygroundMessage } from '@/db/schema';

/** What the dashboard sends per chat request: only the last message (the server keeps the rest). */
export const ChatRequest = z
  .object({
    message: z.object({
      id: z.string().min(1).max(200),
      role: z.enum(['user', 'assistant']),
      parts: z.array(z.record(z.string(), z.unknown())).max(500),
      metadata: z.unknown().optional(),
    }),
  })
  .openapi('PlaygroundChatRequest');
export type ChatRequest = z.infer<typeof ChatRequest>;

type ToolPart = {
  type: string;
  toolCallId: string;
  state: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
};

/** A manual tool call the person answered in this request. */
export type ManualResult = {
  toolCallId: string;
  toolName: string;
  input: unknown;
  output: unknown;
  isError: boolean;
};

const isToolPart = (part: unknown): part is ToolPart =>
  typeof part === 'object' &&
  part !== null &&
  typeof (part as ToolPart).type === 'string' &&
  (part as ToolPart).type.startsWith('tool-') &&
  typeof (part as ToolPart).toolCallId === 'string';

export const toolNameOf = (part: { type: string }) => part.type.slice('tool-'.length);

/** Tool calls of the last assistant message still waiting for a result. */
export function pendingToolCalls(messages: PlaygroundMessage[]): ToolPart[] {
  const last = messages.at(-1);
  if (last?.role !== 'assistant') {
    return [];
  }
  return last.parts.filter(isToolPart).filter((p) => p.state === 'input-available');
}

/**
 * The conversation with the incoming message applied: a new user message is appended (refused
 * while a tool call waits for its result); the stored last message sent again continues from it,
 * filling in the results of its pending manual tool calls — everything else the client sends
 * in it is ignored.
 */
export function applyIncomingMessage(
  stored: PlaygroundMessage[],
  incoming: ChatRequest['message'],
  manualTools: ReadonlySet<string>,
): { messages: PlaygroundMessage[]; manual: ManualResult[] } {
  const pending = pendingToolCalls(stored);
  const last = stored.at(-1);
  const resent = last !== undefined && last.id === incoming.id;
  if (resent && pending.length === 0) {
    // "continue": the last message again, e.g. a session opened from a trace before a model step
    return { messages: stored, manual: [] };
  }
  if (incoming.role === 'user' && !resent) {
    if (pending.length > 0) {
      const names = pending.map((p) => `${toolNameOf(p)} (${p.toolCallId})`).join(', ');
      throw new AppError(
        'VALIDATION',
        `tool call ${names} is waiting for its result; answer it first`,
      );
    }
    const text = incoming.parts.filter((p) => p.type === 'text' && typeof p.text === 'string');
    if (text.length === 0) {
      throw new AppError('VALIDATION', 'the message has no text');
    }
    const message: PlaygroundMessage = { id: incoming.id, role: 'user', parts: text };
    return { messages: [...stored, message], manual: [] };
  }
  if (!last || !resent || last.role !== 'assistant') {
    throw new AppError(
      'VALIDATION',
      "an assistant message may only answer the last message's tool calls",
    );
  }
  const answers = new Map(incoming.parts.filter(isToolPart).map((p) => [p.toolCallId, p] as const));
  const manual: ManualResult[] = [];
  const parts = last.parts.map((part) => {
    if (!isToolPart(part) || part.state !== 'input-available') {
      return part;
    }
    const answer = answers.get(part.toolCallId);
    const name = toolNameOf(part);
    if (!answer || !manualTools.has(name)) {
      return part;
    }
    if (answer.state === 'output-available' && answer.output !== undefined) {
      manual.push({
        toolCallId: part.toolCallId,
        toolName: name,
        input: part.input,
        output: answer.output,
        isError: false,
      });
      return { ...part, state: 'output-available', output: answer.output };
    }
    if (answer.state === 'output-error' && typeof answer.errorText === 'string') {
      manual.push({
        toolCallId: part.toolCallId,
        toolName: name,
        input: part.input,
        output: answer.errorText,
        isError: true,
      });
      return { ...part, state: 'output-error', errorText: answer.errorText };
    }
    return part;
  });
  if (manual.length === 0) {
    throw new AppError('VALIDATION', 'no result for a pending manual tool call in this message');
  }
  const next = [...stored.slice(0, -1), { ...last, parts }];
  const open = pendingToolCalls(next);
  if (open.length > 0) {
    const names = open.map((p) => `${toolNameOf(p)} (${p.toolCallId})`).join(', ');
    throw new AppError(
      'VALIDATION',
      `answer every pending tool call together; still open: ${names}`,
    );
  }
  return { messages: next, manual };
}
