/**
 * An OpenAI chat assistant message that calls tools, as transcripts and the API carry it: each
 * call as `[id, name, arguments as JSON text]`.
 */
export const callsTools = (
  content: string | null,
  ...calls: [id: string, name: string, args: string][]
) => ({
  role: 'assistant' as const,
  content,
  tool_calls: calls.map(([id, name, args]) => ({
    id,
    type: 'function' as const,
    function: { name, arguments: args },
  })),
});
