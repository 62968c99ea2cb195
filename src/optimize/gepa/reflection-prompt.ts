import type { ReflectiveRecord } from './reflective-record';

/** Caps of §4: per example record and per reflection (characters). */
export const RECORD_CHARS = 6_000;
export const REFLECTION_CHARS = 30_000;

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max)}\n… [cut: ${text.length - max} characters]`;

/** One eval per line, failures first: "FAIL eval_name: reason". */
export function feedbackLines(record: ReflectiveRecord): string[] {
  const failed = record.verdicts.filter((v) => !v.passed);
  const passed = record.verdicts.filter((v) => v.passed);
  return [
    ...failed.map((v) => `FAIL ${v.name}: ${v.reason}`),
    ...passed.map((v) => `PASS ${v.name}: ${v.reason}`),
  ];
}

/** One record as a markdown section (the reference's `# Example n` / `## key` rendering). */
export function renderRecord(record: ReflectiveRecord, n: number): string {
  const parts = [`# Example ${n}`, '## Inputs', record.userSide];
  const vars = Object.entries(record.variables ?? {});
  if (vars.length) {
    parts.push('### Variables', ...vars.map(([k, v]) => `- ${k}: ${v}`));
  }
  parts.push('## Generated Outputs', record.transcript, '## Feedback', ...feedbackLines(record));
  if (record.expectations) {
    parts.push('### Expectations', record.expectations);
  }
  if (record.humanNote) {
    parts.push('### Human note on the source trace', record.humanNote);
  }
  if (record.runnerNotes?.length) {
    parts.push('### Runner notes', ...record.runnerNotes);
  }
  return clip(parts.join('\n\n'), RECORD_CHARS);
}

/**
 * The reflection prompt: the current text of one component and the minibatch records, with the
 * reference's instruction (paraphrased) to answer with the new text inside one fenced block.
 */
export function buildReflectionPrompt(currentText: string, records: readonly ReflectiveRecord[]) {
  const examples = clip(
    records.map((r, i) => renderRecord(r, i + 1)).join('\n\n'),
    REFLECTION_CHARS,
  );
  return [
    'I gave an assistant the following instructions:',
    '```',
    currentText,
    '```',
    'Here are examples of tasks it was given, what it did, and feedback from the checks that',
    'graded it (one line per check, failures first):',
    '',
    examples,
    '',
    'Write a new instruction for the assistant. Work out the task and the input format from the',
    'examples. The assistant will not see these examples or this feedback later, so put any',
    'domain facts the feedback reveals into the instruction itself, keep any strategy that worked',
    'and generalises, and do not copy names, ids or sentences of these particular examples.',
    'Keep every {{variable}} placeholder of the current instruction. First say in one or two',
    'sentences what you change and why, then give the complete new instruction inside one block',
    'fenced with ``` .',
  ].join('\n');
}

export type ParsedReflection = { text: string; reason: string } | { text: null; reason: string };

/**
 * The new text is what lies between the first and the last ``` fence (a language tag on the
 * opening fence is dropped); the words outside it are the reflector's reason. No fence pair or an
 * empty block means no proposal.
 */
export function parseReflection(answer: string): ParsedReflection {
  const first = answer.indexOf('```');
  const last = answer.lastIndexOf('```');
  if (first < 0 || last === first) {
    return { text: null, reason: 'no fenced block in the answer' };
  }
  let inner = answer.slice(first + 3, last);
  const newline = inner.indexOf('\n');
  if (newline >= 0 && /^[\w+-]*\s*$/.test(inner.slice(0, newline))) {
    inner = inner.slice(newline + 1);
  }
  const text = inner.trim();
  const reason = `${answer.slice(0, first)} ${answer.slice(last + 3)}`.trim().slice(0, 2_000);
  if (!text) {
    return { text: null, reason: 'empty fenced block' };
  }
  return { text, reason };
}
