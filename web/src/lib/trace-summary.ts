import type { TraceSummaryLine } from './types';

const ENDINGS: Record<TraceSummaryLine['ending'], string> = {
  answer: 'ended with an answer',
  question: 'ended with a question',
  tool_call: 'ended on a tool call',
  error: 'ended with an error',
  none: 'ended with nothing',
};

/** "3 user turns · ended with an answer · handed off · get_reservation×2, cancel" (tools last: the longest part). */
export function summaryMeta(s: TraceSummaryLine, maxTools = 4): string {
  const tools = Object.entries(s.tools)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => (n > 1 ? `${name}×${n}` : name));
  const shown =
    tools.length > maxTools
      ? `${tools.slice(0, maxTools).join(', ')} +${tools.length - maxTools}`
      : tools.join(', ');
  return [
    `${s.userTurns} user turn${s.userTurns === 1 ? '' : 's'}`,
    ENDINGS[s.ending],
    s.errorCount > 0 ? `${s.errorCount} error${s.errorCount === 1 ? '' : 's'}` : null,
    s.handoffs > 0 ? 'handed off' : null,
    shown || 'no tools',
  ]
    .filter(Boolean)
    .join(' · ');
}
