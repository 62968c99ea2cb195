import type { TraceDetail } from '@/traces/query/get-trace';
import { ratingWord } from './parse-rating';

type Message = {
  role: string;
  content: string;
  name?: string;
  tool_calls?: { name: string; arguments: unknown }[];
};

const clip = (text: string, max: number) =>
  max > 0 && text.length > max ? `${text.slice(0, max - 1)}…` : text;
const compact = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const indent = (text: string) => text.replace(/\n/g, '\n    ');

/**
 * A trace for people: header, labels, eval verdicts and the conversation (messages with their
 * tool calls), each text clipped to `width` characters (0 = in full).
 */
export function renderTrace(trace: TraceDetail, width: number): string {
  const lines = [
    `trace ${trace.id}${trace.name ? ` "${trace.name}"` : ''}`,
    `  source ${trace.source} (${trace.externalId}), agent ${trace.agentId ?? '-'}`,
    `  started ${trace.startedAt}, ${trace.durationMs ?? '-'} ms, ${trace.stepCount} steps, ${trace.toolCallCount} tool calls, ${trace.errorCount} errors`,
    `  label ${ratingWord(trace.label)}`,
    ...trace.feedback.map(
      (f) =>
        `    ${ratingWord(f.rating)} by ${f.labeller.email ?? f.labeller.key}${f.notes ? `: ${clip(f.notes, width)}` : ''}`,
    ),
    `  evals ${trace.evalResults.length === 0 ? '(none ran on this trace)' : ''}`.trimEnd(),
    ...trace.evalResults.map(
      (r) =>
        `    ${r.evalName} v${r.evalVersion}: ${r.status}${r.reason ? `: ${clip(r.reason, width)}` : ''}`,
    ),
    '',
    'conversation',
  ];
  const messages = (trace.evalView.messages ?? []) as Message[];
  for (const message of messages) {
    const who = message.role === 'tool' ? `tool ${message.name ?? ''}`.trim() : message.role;
    if (message.role === 'system' && width > 0) {
      const first = message.content.split('\n')[0] ?? '';
      lines.push(`  [system] ${clip(first, width)} (${message.content.length} characters)`);
    } else if (message.content) {
      lines.push(`  [${who}] ${indent(clip(message.content, width))}`);
    }
    for (const call of message.tool_calls ?? []) {
      lines.push(`  [${who}] -> ${call.name}(${clip(compact(call.arguments), width)})`);
    }
  }
  if (messages.length === 0) {
    lines.push('  (no messages)');
  }
  return `${lines.join('\n')}\n`;
}
