import { describe, expect, it } from 'vitest';
import {
  buildReflectionPrompt,
  feedbackLines,
  parseReflection,
  RECORD_CHARS,
  REFLECTION_CHARS,
  renderRecord,
} from './reflection-prompt';
import { condenseTranscript, type ReflectiveRecord } from './reflective-record';

const record: ReflectiveRecord = {
  taskId: 't1',
  userSide: 'Cancel my reservation for tomorrow.',
  variables: { customer_name: 'Mia' },
  transcript: condenseTranscript(
    [
      { role: 'user', text: 'Cancel my reservation for tomorrow.' },
      {
        role: 'tool',
        name: 'find_booking',
        arguments: { day: 'tomorrow' },
        result: 'y'.repeat(400),
      },
      {
        role: 'tool',
        name: 'cancel',
        arguments: { id: 1 },
        error: 'permission denied: role guest',
      },
      { role: 'assistant', text: 'Done.' },
    ],
    'agent ended the conversation',
  ),
  verdicts: [
    { name: 'eval_polite', passed: true, reason: 'greets the user' },
    { name: 'eval_confirms', passed: false, reason: 'cancelled without confirming' },
  ],
  expectations: 'Ask for confirmation, then cancel.',
  humanNote: 'Never cancel without a yes.',
  runnerNotes: ['tool cancel simulated'],
};

describe('reflection prompt', () => {
  it('puts failures first, one line per eval with its reason', () => {
    expect(feedbackLines(record)).toEqual([
      'FAIL eval_confirms: cancelled without confirming',
      'PASS eval_polite: greets the user',
    ]);
  });

  it('condenses tool results to ~300 characters and keeps errors whole', () => {
    expect(record.transcript).toContain('tool find_booking({"day":"tomorrow"}) -> ');
    expect(record.transcript).toContain('[100 more characters]');
    expect(record.transcript).toContain('-> ERROR permission denied: role guest');
    expect(record.transcript.endsWith('[ended: agent ended the conversation]')).toBe(true);
  });

  it('renders the user side, transcript, feedback, expectations and human note per example', () => {
    const prompt = buildReflectionPrompt('Be helpful to {{customer_name}}.', [record]);
    for (const part of [
      'Be helpful to {{customer_name}}.',
      '# Example 1',
      '## Inputs\n\nCancel my reservation for tomorrow.',
      '- customer_name: Mia',
      '## Feedback\n\nFAIL eval_confirms: cancelled without confirming',
      'Ask for confirmation, then cancel.',
      'Never cancel without a yes.',
      'tool cancel simulated',
    ]) {
      expect(prompt).toContain(part);
    }
  });

  it('caps each record and the whole reflection', () => {
    const big = { ...record, transcript: 'z'.repeat(20_000) };
    expect(renderRecord(big, 1).length).toBeLessThan(RECORD_CHARS + 100);
    const prompt = buildReflectionPrompt(
      'x',
      Array.from({ length: 10 }, () => big),
    );
    expect(prompt.length).toBeLessThan(REFLECTION_CHARS + 2_000);
  });
});

describe('reflection answer parser', () => {
  it('takes the text between the first and last fence, dropping a language tag', () => {
    expect(
      parseReflection('Add a confirmation step.\n```text\nAsk first.\nThen act.\n```\n'),
    ).toEqual({
      text: 'Ask first.\nThen act.',
      reason: 'Add a confirmation step.',
    });
  });

  it('keeps inner fences between the first and the last', () => {
    const parsed = parseReflection('```\nUse:\n```json\n{}\n```\nok\n```');
    expect(parsed.text).toBe('Use:\n```json\n{}\n```\nok');
  });

  it('answers no proposal for an answer with no fence, one fence, or an empty block', () => {
    expect(parseReflection('Just be nicer.').text).toBeNull();
    expect(parseReflection('```\nunclosed').text).toBeNull();
    expect(parseReflection('Here:\n```\n   \n```')).toEqual({
      text: null,
      reason: 'empty fenced block',
    });
  });
});
