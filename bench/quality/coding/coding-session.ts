// Builds one OpenAI-style transcript of a coding agent. Its own small builder (not the demo's),
// so that changes to the demo never change the benchmark's data.
export type CodingToolCall = {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
};

export type CodingMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: CodingToolCall[] }
  | { role: 'tool'; tool_call_id: string; name: string; content: string };

export type ToolAnswer = { ok: unknown } | { error: string };

export class CodingSession {
  readonly messages: CodingMessage[] = [];
  private calls = 0;

  constructor(private readonly idPrefix: string) {}

  system(text: string): this {
    this.messages.push({ role: 'system', content: text });
    return this;
  }

  user(text: string): this {
    this.messages.push({ role: 'user', content: text });
    return this;
  }

  say(text: string): this {
    this.messages.push({ role: 'assistant', content: text });
    return this;
  }

  /** An assistant turn calling one tool, then the tool's answer (`Error: …` for errors). */
  call(name: string, args: Record<string, unknown>, answer: ToolAnswer, narration: string | null) {
    this.calls += 1;
    const id = `call_${this.idPrefix}_${this.calls}`;
    this.messages.push({
      role: 'assistant',
      content: narration,
      tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
    });
    const content = 'error' in answer ? `Error: ${answer.error}` : JSON.stringify(answer.ok);
    this.messages.push({ role: 'tool', tool_call_id: id, name, content });
    return this;
  }
}
