import { jsonSchema, type ToolSet, tool } from 'ai';
import type { Ctx } from '@/core/context';
import { MODEL_TOOL_OUTPUT_BYTES, type ToolResult, toolResult } from '@/tools/call/tool-result';
import { createToolRouter, type ToolRouter } from '@/tools/call/tool-router';
import { loadReplayIndex, replayScopeOf } from '@/tools/replay/load-replay-index';
import type { SessionTool } from './session-tools';
import { outputText } from './session-transcript';
import type { StepRecorder } from './step-recorder';

/**
 * The session's tools for `streamText`: a manual tool has no `execute` (the loop stops and the
 * person supplies the result); every other mode goes through the tool router, opened (and the
 * replay index loaded) only when a call needs it. Each routed call is recorded as a step when it ends.
 */
export function sessionToolSet(
  ctx: Ctx,
  input: {
    agentId: string | null;
    tools: SessionTool[];
    recorder: StepRecorder;
    /** The trace the session was opened from: replay looks there first. */
    sourceTraceId: string | null;
  },
): { tools: ToolSet; close(): Promise<void> } {
  let router: Promise<ToolRouter> | null = null;
  const routerOf = () => {
    router ??= (async () =>
      createToolRouter(ctx, {
        tools: input.tools.map((t) => ({ tool: t.tool, binding: { ...t.binding, mode: t.mode } })),
        replay: await loadReplayIndex(ctx, input.agentId ?? ''),
        scope: await replayScopeOf(ctx, input.sourceTraceId),
      }))();
    return router;
  };
  const tools: ToolSet = {};
  for (const t of input.tools) {
    const common = {
      description: t.tool.description ?? undefined,
      inputSchema: jsonSchema<Record<string, unknown>>(t.tool.inputSchema as never),
    };
    if (t.mode === 'manual') {
      tools[t.tool.name] = tool(common);
      continue;
    }
    tools[t.tool.name] = tool({
      ...common,
      execute: async (args, { toolCallId }): Promise<ToolResult> => {
        const index = input.recorder.reserve();
        const started = Date.now();
        const routed = await (await routerOf()).call(t.tool.name, args);
        input.recorder.write({
          stepIndex: index,
          kind: 'tool',
          toolName: t.tool.name,
          toolMode: routed.mode,
          input: { toolCallId, arguments: args },
          output: { text: routed.result.text, replayedFrom: routed.replayedFrom ?? null },
          latencyMs: Date.now() - started,
          error: routed.result.isError ? routed.result.text.slice(0, 500) : null,
        });
        return routed.result;
      },
      // results recorded in an opened trace are plain text, the router's are ToolResults
      toModelOutput: ({ output }) => {
        const out = outputText(output);
        return {
          type: out.isError ? 'error-text' : 'text',
          value: toolResult(out.text, out.isError, MODEL_TOOL_OUTPUT_BYTES).text,
        };
      },
    });
  }
  return {
    tools,
    async close() {
      if (router) {
        await (await router).close();
      }
    },
  };
}
