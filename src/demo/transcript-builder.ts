import type { DemoMessage } from './demo-types';

export type ToolResult = { ok: unknown } | { error: string };

/** Accumulates one conversation: user and assistant turns, tool calls with their results. */
export class TranscriptBuilder {
  readonly messages: DemoMessage[] = [];
  private calls = 0;

  constructor(private readonly idPrefix: string) {}

  user(text: string): this {
    this.messages.push({ role: 'user', content: text });
    return this;
  }

  say(text: string): this {
    this.messages.push({ role: 'assistant', content: text });
    return this;
  }

  /** One assistant turn that calls one tool, followed by the tool's result message. */
  call(name: string, args: Record<string, unknown>, result: ToolResult, thought?: string): this {
    this.calls += 1;
    const id = `call_${this.idPrefix}_${this.calls}`;
    this.messages.push({
      role: 'assistant',
      content: thought ?? null,
      tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
    });
    const content = 'error' in result ? `Error: ${result.error}` : JSON.stringify(result.ok);
    this.messages.push({ role: 'tool', tool_call_id: id, name, content });
    return this;
  }
}
