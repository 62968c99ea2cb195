import { z } from '@hono/zod-openapi';
import { TOOL_MODES } from '@/db/schema/constants';

/** Model settings of a session; the provider itself is the workspace's (integration or host env). */
export const ModelConfig = z
  .strictObject({
    /** Overrides the provider's configured model. */
    model: z.string().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxOutputTokens: z.number().int().min(1).max(64_000).optional(),
    /** The model's context window in tokens: a longer conversation is refused, never truncated. */
    contextTokens: z.number().int().min(256).max(10_000_000).optional(),
    /** Model steps per user message (each step is one model call and its tool calls). */
    stepsPerTurn: z.number().int().min(1).max(20).optional(),
  })
  .openapi('PlaygroundModelConfig');
export type ModelConfig = z.infer<typeof ModelConfig>;

export const Variables = z
  .record(z.string().max(100), z.string().max(20_000))
  .refine((v) => Object.keys(v).length <= 30, 'at most 30 variables');

/** Per tool name: the mode it runs in this session (overrides the agent's binding). */
export const ToolBindings = z
  .record(z.string().max(200), z.enum(TOOL_MODES))
  .refine((v) => Object.keys(v).length <= 100, 'at most 100 tool bindings');

export const CreateSessionInput = z
  .strictObject({
    agentId: z.string().max(100).optional(),
    /** Default: the agent's active version (when no draft is given). */
    agentVersionId: z.string().max(100).optional(),
    /** A prompt to try instead of a stored version. */
    draftPrompt: z.string().min(1).max(100_000).optional(),
    modelConfig: ModelConfig.optional(),
    variables: Variables.optional(),
    toolBindings: ToolBindings.optional(),
  })
  .openapi('CreatePlaygroundSessionInput');
export type CreateSessionInput = z.infer<typeof CreateSessionInput>;

export const UpdateSessionInput = z
  .strictObject({
    /** A manual edit of the prompt (lints run on it); null goes back to the version's text. */
    draftPrompt: z.string().min(1).max(100_000).nullable().optional(),
    modelConfig: ModelConfig.optional(),
    variables: Variables.optional(),
    toolBindings: ToolBindings.optional(),
  })
  .openapi('UpdatePlaygroundSessionInput');
export type UpdateSessionInput = z.infer<typeof UpdateSessionInput>;
