import type { PlaygroundMessage, PlaygroundStep } from '@/db/schema';
import type { RolloutOutcome, TranscriptMessage } from '@/optimize/runner/run-rollout';
import { toolResult } from '@/tools/call/tool-result';
import type { RoutedCall } from '@/tools/call/tool-router';
import { toolNameOf } from './chat-message';

type Part = Record<string, unknown> & { type: string };

/** A tool's output as text: the router's results carry it, manual ones are what the person wrote. */
export function outputText(output: unknown): { text: string; isError: boolean } {
  if (typeof output === 'object' && output !== null && 'text' in output && 'isError' in output) {
    return { text: String(output.text), isError: output.isError === true };
  }
  return {
    text: typeof output === 'string' ? output : JSON.stringify(output ?? null),
    isError: false,
  };
}

/** The steps of one assistant message: its parts split at each `step-start`. */
function stepsOf(parts: Part[]): Part[][] {
  const steps: Part[][] = [[]];
  for (const part of parts) {
    if (part.type === 'step-start') {
      if ((steps.at(-1) ?? []).length > 0) {
        steps.push([]);
      }
    } else {
      steps.at(-1)?.push(part);
    }
  }
  return steps.filter((s) => s.length > 0);
}

/**
 * A session as the rollout trace writer's outcome: the UI messages as an OpenAI-style transcript
 * (one assistant message per model step; tool call ids prefixed with the message index, as
 * providers reuse ids across turns), each call with the mode its step row recorded (matched by
 * tool call id in order), and the model steps' usage aligned to the assistant messages (those
 * opened from another trace have none).
 */
export function sessionOutcome(
  system: string,
  messages: PlaygroundMessage[],
  steps: PlaygroundStep[],
): Pick<RolloutOutcome, 'transcript' | 'calls' | 'steps'> {
  const transcript: TranscriptMessage[] = [{ role: 'system', content: system }];
  const calls = new Map<string, RoutedCall>();
  const toolRows = new Map<string, PlaygroundStep[]>();
  for (const row of steps) {
    const id = (row.input as { toolCallId?: string } | null)?.toolCallId;
    if (row.kind === 'tool' && id) {
      toolRows.set(id, [...(toolRows.get(id) ?? []), row]);
    }
  }
  messages.forEach((message, index) => {
    const parts = message.parts as Part[];
    if (message.role === 'user') {
      const text = parts.flatMap((p) => (p.type === 'text' ? [String(p.text)] : [])).join('\n');
      transcript.push({ role: 'user', content: text });
      return;
    }
    if (message.role !== 'assistant') {
      return;
    }
    for (const step of stepsOf(parts)) {
      const text = step.flatMap((p) => (p.type === 'text' ? [String(p.text)] : [])).join('');
      const tools = step.filter((p) => p.type.startsWith('tool-'));
      const assistant: TranscriptMessage = { role: 'assistant', content: text };
      const results: TranscriptMessage[] = [];
      if (tools.length > 0) {
        assistant.tool_calls = tools.map((p) => ({
          id: `${index}:${String(p.toolCallId)}`,
          type: 'function',
          function: { name: toolNameOf(p), arguments: JSON.stringify(p.input ?? {}) },
        }));
      }
      for (const p of tools) {
        const id = `${index}:${String(p.toolCallId)}`;
        const row = toolRows.get(String(p.toolCallId))?.shift();
        if (p.state !== 'output-available' && p.state !== 'output-error') {
          continue;
        }
        const out =
          p.state === 'output-error'
            ? { text: String(p.errorText), isError: true }
            : outputText(p.output);
        results.push({
          role: 'tool',
          tool_call_id: id,
          content: out.isError ? `Error: ${out.text}` : out.text,
        });
        if (row?.toolMode) {
          calls.set(id, { mode: row.toolMode, result: toolResult(out.text, out.isError) });
        }
      }
      transcript.push(assistant, ...results);
    }
  });
  const modelSteps = steps.filter((s) => s.kind === 'model' && s.error === null);
  const assistants = transcript.filter((m) => m.role === 'assistant').length;
  const usage: RolloutOutcome['steps'] = Array.from({
    length: Math.max(0, assistants - modelSteps.length),
  });
  for (const s of modelSteps) {
    usage.push({
      model: String((s.output as { model?: string } | null)?.model ?? ''),
      inputTokens: s.inputTokens ?? 0,
      outputTokens: s.outputTokens ?? 0,
    });
  }
  return { transcript, calls, steps: usage };
}
