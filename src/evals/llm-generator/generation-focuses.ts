/** One direction a candidate is asked to take; candidates differ in focus and strictness. */
export type GenerationFocus = {
  id: string;
  title: string;
  strictness: 'strict' | 'balanced' | 'lenient';
  instruction: string;
};

const GENERATION_FOCUSES: GenerationFocus[] = [
  {
    id: 'notes',
    title: "The labellers' stated reasons",
    strictness: 'balanced',
    instruction:
      "Encode exactly what the labellers' notes say separates NEGATIVE from POSITIVE traces. Prefer the signal the notes name over incidental differences between the examples.",
  },
  {
    id: 'tools',
    title: 'Tool behaviour',
    strictness: 'strict',
    instruction:
      'Judge from tool use: which tools ran, in which order, how often, with which arguments, and what they returned or which errors they raised (`steps[*].tool_calls`, `messages` with role "tool"). Be strict: fail when the tool-use pattern of the negative examples appears at all.',
  },
  {
    id: 'outcome',
    title: 'Final answer and conversation',
    strictness: 'lenient',
    instruction:
      "Judge from what the user saw: the final output and the assistant's messages. Be lenient: fail only on clear evidence of the problem; pass when unsure.",
  },
  {
    id: 'strict',
    title: 'Any sign of the problem',
    strictness: 'strict',
    instruction:
      'Be strict: fail whenever any part of the trace shows the problem the NEGATIVE labels describe, even weakly. Missed problems are worse than false alarms.',
  },
  {
    id: 'precise',
    title: 'Unambiguous evidence only',
    strictness: 'lenient',
    instruction:
      'Be precise: fail only on unambiguous evidence that a human would point to. False alarms are worse than missed problems.',
  },
  {
    id: 'structure',
    title: 'Simple structural signals',
    strictness: 'balanced',
    instruction:
      'Use simple, robust structural signals: counts, presence or absence of steps or tools, lengths, JSON validity, exact phrases. Keep the function short.',
  },
];

/** The first `count` focuses, cycling when more candidates than focuses are asked for. */
export function pickFocuses(count: number): GenerationFocus[] {
  return Array.from({ length: count }, (_, i) => {
    const focus = GENERATION_FOCUSES[i % GENERATION_FOCUSES.length] as GenerationFocus;
    const round = Math.floor(i / GENERATION_FOCUSES.length);
    return round === 0 ? focus : { ...focus, id: `${focus.id}-${round + 1}` };
  });
}
