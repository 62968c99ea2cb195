import type { EvalView } from '@/core/eval-view';
import { type TauBenchItem, tauBenchToEvalView } from './tau-bench-view';

/** A turn of a test conversation: text, or a tool call with its result. */
export type Turn =
  | { user: string }
  | { assistant: string }
  | { call: string; args?: Record<string, unknown> | string; result?: string };

let counter = 0;

/** An eval view from a compact script of turns (built through the OpenAI-messages converter). */
export function makeView(turns: Turn[], metadata: Record<string, unknown> = {}): EvalView {
  counter++;
  const traj: TauBenchItem['traj'] = [{ role: 'system', content: 'You are a helpful agent.' }];
  for (const t of turns) {
    if ('user' in t) {
      traj.push({ role: 'user', content: t.user });
    } else if ('assistant' in t) {
      traj.push({ role: 'assistant', content: t.assistant });
    } else {
      const id = `call_${counter}_${traj.length}`;
      const args = typeof t.args === 'string' ? t.args : JSON.stringify(t.args ?? {});
      traj.push({
        role: 'assistant',
        content: null,
        tool_calls: [{ id, function: { name: t.call, arguments: args } }],
      });
      traj.push({
        role: 'tool',
        tool_call_id: id,
        name: t.call,
        content: t.result ?? '{"ok": true}',
      });
    }
  }
  const view = tauBenchToEvalView({ task_id: counter, traj });
  return { ...view, metadata: { ...view.metadata, ...metadata } };
}
