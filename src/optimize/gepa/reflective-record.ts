/** One eval's verdict on a rollout: the reward signal and its reason (the eval's `str`). */
export type EvalVerdict = { name: string; passed: boolean; reason: string };

/**
 * What the reflector sees of one minibatch example (§4): the task's user side, a condensed
 * transcript, each eval's verdict, the task's expectations and the source trace's human note.
 */
export type ReflectiveRecord = {
  taskId: string;
  userSide: string;
  variables?: Record<string, string>;
  transcript: string;
  verdicts: EvalVerdict[];
  expectations?: string;
  humanNote?: string;
  runnerNotes?: string[];
};

export type TranscriptTurn =
  | { role: 'user' | 'assistant'; text: string }
  | { role: 'tool'; name: string; arguments: unknown; result?: unknown; error?: string };

const TOOL_RESULT_CHARS = 300;

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/**
 * A transcript as the reflector reads it: user and agent turns, each tool call as name, arguments
 * and a result cut to ~300 characters (errors in full), then the termination reason.
 */
export function condenseTranscript(turns: readonly TranscriptTurn[], termination?: string): string {
  const lines = turns.map((t) => {
    if (t.role !== 'tool') {
      return `${t.role}: ${t.text}`;
    }
    const call = `tool ${t.name}(${asText(t.arguments)})`;
    if (t.error !== undefined) {
      return `${call} -> ERROR ${t.error}`;
    }
    return `${call} -> ${clip(asText(t.result), TOOL_RESULT_CHARS)}`;
  });
  if (termination) {
    lines.push(`[ended: ${termination}]`);
  }
  return lines.join('\n');
}
