import type { EvalView } from '@/core/eval-view';
import type { RecordedCall } from './replay-index';

/** Every tool call of a trace's eval view, in order, with its recorded result. */
export function recordedCalls(traceId: string, view: EvalView): RecordedCall[] {
  return view.steps.flatMap((step) =>
    step.tool_calls.map((call) => ({
      traceId,
      name: call.name,
      arguments: call.arguments,
      result: call.result,
      error: call.error,
    })),
  );
}
