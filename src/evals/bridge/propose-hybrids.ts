import type { LlmMessage } from '@/core/ports/llm-provider';
import { cachedProvider } from '@/llm/cached-provider';
import type { FixedCandidateSpec } from '../generation/candidate-sources';
import type { LabelledTraceRow } from '../internal';
import type { Bridge } from './answer-questions';
import { hybridCode } from './hybrid-code';

const EXAMPLES_PER_LABEL = 4;
const MAX_QUESTIONS = 3;

/** The last assistant message of a trace (what a hybrid candidate asks about). */
export function lastReply(view: LabelledTraceRow['view']): string {
  for (let i = view.messages.length - 1; i >= 0; i--) {
    const m = view.messages[i];
    if (m?.role === 'assistant' && typeof m.content === 'string' && m.content) {
      return m.content;
    }
  }
  return typeof view.output === 'string' ? view.output : '';
}

/**
 * Hybrid candidates for labels that code could not separate: one model call proposes short yes/no
 * questions about the assistant's last reply, from a few labelled examples and the labellers'
 * notes; each question becomes code that narrows to that reply and asks it, once per polarity
 * (the held-out estimate decides which answer means pass). The examples shown are never scored.
 */
export async function proposeHybridCandidates(
  bridge: Bridge,
  input: { name: string; labelled: LabelledTraceRow[]; signal?: AbortSignal },
): Promise<FixedCandidateSpec[]> {
  const shown = [
    ...input.labelled.filter((t) => t.label === 'positive').slice(0, EXAMPLES_PER_LABEL),
    ...input.labelled.filter((t) => t.label === 'negative').slice(0, EXAMPLES_PER_LABEL),
  ];
  const examples = shown.map((t) => ({
    verdict: t.label === 'positive' ? 'pass' : 'fail',
    reply: lastReply(t.view).slice(0, 600),
    ...(t.note ? { note: t.note.slice(0, 300) } : {}),
  }));
  const messages: LlmMessage[] = [
    {
      role: 'user',
      content: [
        `People labelled replies of an AI assistant as pass or fail for the eval "${input.name}". No rule over the text's words or structure tells them apart, so a model will be asked one short yes/no question about each reply.`,
        'Propose a list of at most 3 such questions, each answerable from the reply alone, that separate passing from failing replies.',
        'Answer with a JSON list of strings and nothing else.',
        `Labelled examples (quoted data, JSON): ${JSON.stringify(examples)}`,
      ].join('\n\n'),
    },
  ];
  if (!bridge.provider) {
    return [];
  }
  const provider = cachedProvider(bridge.provider, bridge.cache);
  const result = await provider.complete(
    { model: bridge.model, messages, temperature: 0, maxOutputTokens: 400 },
    { signal: input.signal },
  );
  if (!result.ok) {
    return [];
  }
  const promptTraceIds = shown.map((t) => t.id);
  return parseQuestions(result.text).flatMap((question, i) =>
    (['no', 'yes'] as const).map((passOn) => ({
      id: `hybrid-${i + 1}-${passOn}`,
      generator: 'llm' as const,
      code: hybridCode(input.name, question, passOn),
      focus: `asks the model: ${question}`,
      model: bridge.model,
      prompt: messages[0]?.content,
      promptTraceIds,
      costUsd: result.costUsd,
      rules: [
        `asks the model "${question}" about the last assistant reply; passes when it answers ${passOn}`,
      ],
      judge: { question },
    })),
  );
}

function parseQuestions(text: string): string[] {
  const list = /\[[\s\S]*\]/.exec(text)?.[0];
  try {
    const parsed: unknown = list ? JSON.parse(list) : [];
    return (Array.isArray(parsed) ? parsed : [])
      .filter((q): q is string => typeof q === 'string' && q.trim().length > 0 && q.length <= 300)
      .slice(0, MAX_QUESTIONS);
  } catch {
    return [];
  }
}
