import { z } from '@hono/zod-openapi';

/** Version of the eval-view shape; bump when the derivation changes, and re-derive stored views. */
export const EVAL_VIEW_VERSION = 1;

export const EvalToolCall = z.object({
  id: z.string().nullable(),
  name: z.string(),
  /** Parsed JSON arguments when they parse, else the raw string. */
  arguments: z.unknown(),
  /** The tool's result (parsed JSON when it parses, else text); null when none was recorded. */
  result: z.unknown(),
  error: z.string().nullable(),
});
export type EvalToolCall = z.infer<typeof EvalToolCall>;

/** One agent step: a model turn (or an agent/chain span) with what it saw, said and called. */
export const EvalStep = z.object({
  index: z.number().int(),
  name: z.string().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  tool_calls: z.array(EvalToolCall),
  error: z.string().nullable(),
});
export type EvalStep = z.infer<typeof EvalStep>;

export const EvalMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z
    .array(z.object({ id: z.string().nullable(), name: z.string(), arguments: z.unknown() }))
    .optional(),
});
export type EvalMessage = z.infer<typeof EvalMessage>;

/** The `trace` dict every eval function receives. Documented in docs/eval-contract.md. */
export const EvalView = z.object({
  version: z.literal(EVAL_VIEW_VERSION),
  trace_id: z.string(),
  steps: z.array(EvalStep),
  messages: z.array(EvalMessage),
  input: z.unknown(),
  output: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
});
export type EvalView = z.infer<typeof EvalView>;
