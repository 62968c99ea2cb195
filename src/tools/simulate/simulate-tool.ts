import { generateText, type LanguageModel } from 'ai';
import type { Tool } from '@/db/schema';
import { type SimulatorCall, simulatorCall } from '@/traces/simulator-spans';
import { type ToolResult, toolResult } from '../call/tool-result';
import type { RecordedCall } from '../replay/replay-index';

/** How many recorded calls of the tool the simulator is shown. */
export const SIMULATOR_EXAMPLES = 3;

const ERROR_PREFIX = 'ERROR:';

const SYSTEM = `You stand in for a software tool that an AI agent calls, so the agent can be tested without touching real systems.
Answer each call with exactly what the tool would return for those arguments: its raw output only, no explanation, in the same format as the recorded calls (JSON when they are JSON).
Stay consistent with the recorded calls and the tool's description; make up plausible values only where they say nothing. If the arguments are invalid for the tool, or the call would fail, answer ${ERROR_PREFIX} followed by the error message.`;

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function toolPrompt(tool: Tool, examples: RecordedCall[]): string {
  const lines = [
    `# Tool ${tool.name}`,
    tool.description ?? '(no description)',
    `Input schema: ${JSON.stringify(tool.inputSchema)}`,
  ];
  if (examples.length > 0) {
    lines.push('', '# Recorded calls');
    for (const example of examples) {
      const output =
        example.error !== null ? `${ERROR_PREFIX} ${example.error}` : asText(example.result);
      lines.push(`Arguments: ${JSON.stringify(example.arguments)}`, `Output: ${output}`);
    }
  }
  return lines.join('\n');
}

/**
 * A tool's result made up by an LLM from its schema, description and up to three recorded calls
 * of it (nearest first). An answer starting with `ERROR:` is a tool error. Throws on a model error.
 */
export async function simulateTool(
  settings: { model: LanguageModel; signal?: AbortSignal },
  input: { tool: Tool; args: unknown; examples: RecordedCall[] },
): Promise<{ result: ToolResult; call: SimulatorCall }> {
  const system = `${SYSTEM}\n\n${toolPrompt(input.tool, input.examples)}`;
  const prompt = `Arguments: ${JSON.stringify(input.args ?? {})}\nOutput:`;
  const answer = await generateText({
    model: settings.model,
    system,
    prompt,
    temperature: 0,
    abortSignal: settings.signal,
  });
  const text = answer.text.trim();
  const isError = text.startsWith(ERROR_PREFIX);
  return {
    result: toolResult(isError ? text.slice(ERROR_PREFIX.length).trim() : text, isError),
    call: simulatorCall(
      { actor: 'tool_simulator', name: `tool simulator: ${input.tool.name}` },
      { system, prompt },
      answer,
    ),
  };
}
