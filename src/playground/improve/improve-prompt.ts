import type { Practice } from '@/agents/practices/practice-input';
import type { PromptIteration } from '@/db/schema';
import { buildReflectionPrompt } from '@/optimize/gepa/reflection-prompt';
import type { ReflectiveRecord } from '@/optimize/gepa/reflective-record';

const REJECTED_DIFF_CHARS = 800;

/**
 * The one-shot improve prompt (§8): GEPA's reflection prompt on the failing traces' records, then
 * the agent's tools, the people's notes, the changes rejected before and the matching rules.
 */
export function buildImprovePrompt(input: {
  current: string;
  records: readonly ReflectiveRecord[];
  tools: readonly { name: string; description: string | null }[];
  notes: string | undefined;
  rejected: readonly PromptIteration[];
  rules: readonly Practice[];
}): string {
  const parts = [buildReflectionPrompt(input.current, input.records)];
  if (input.tools.length) {
    parts.push(
      'The tools the assistant can call:',
      ...input.tools.map((t) => `- ${t.name}: ${t.description ?? '(no description)'}`),
    );
  }
  if (input.notes?.trim()) {
    parts.push('Notes from the people who reviewed these traces:', input.notes.trim());
  }
  if (input.rejected.length) {
    parts.push(
      'Changes proposed before and rejected; do not propose them again:',
      ...input.rejected.map(
        (r) =>
          `- ${r.changeSummary?.reason || 'no reason given'}\n${(r.changeSummary?.diff ?? '').slice(0, REJECTED_DIFF_CHARS)}`,
      ),
    );
  }
  if (input.rules.length) {
    parts.push(
      'Rules for writing instructions that bear on these failures; follow them:',
      ...input.rules.map((r) => `- ${r.title}: ${r.rule}`),
    );
  }
  parts.push(
    'Answer as asked above: one or two sentences on what you change and why, then the complete new instruction in one ``` block.',
  );
  return parts.join('\n\n');
}
