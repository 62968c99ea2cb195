/** What a tool call gave back, in every mode: text for the model and the span, and whether it failed. */
export type ToolResult = {
  isError: boolean;
  /** The output as text (JSON text for structured output), truncated with a marker past the cap. */
  text: string;
  /** Size of the whole output before truncation, in UTF-8 bytes. */
  bytes: number;
  truncated: boolean;
};

/** What a span keeps of a tool's output; the model sees at most `MODEL_TOOL_OUTPUT_BYTES`. */
export const SPAN_TOOL_OUTPUT_BYTES = 1024 * 1024;
export const MODEL_TOOL_OUTPUT_BYTES = 64 * 1024;

const encoder = new TextEncoder();

/** `text` cut to `maxBytes` of UTF-8 (never inside a character), with a marker saying how much was kept. */
export function toolResult(text: string, isError: boolean, maxBytes = SPAN_TOOL_OUTPUT_BYTES) {
  const encoded = encoder.encode(text);
  if (encoded.length <= maxBytes) {
    return { isError, text, bytes: encoded.length, truncated: false } satisfies ToolResult;
  }
  const kept = new TextDecoder().decode(encoded.subarray(0, maxBytes)).replace(/\uFFFD+$/, '');
  const marker = `\n[truncated: showed ${encoder.encode(kept).length} of ${encoded.length} bytes]`;
  return {
    isError,
    text: kept + marker,
    bytes: encoded.length,
    truncated: true,
  } satisfies ToolResult;
}

/** A tool error result (the call failed; the rollout goes on and the model sees why). */
export const toolError = (message: string): ToolResult => toolResult(message, true);
