import { describe, expect, it } from 'vitest';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { foldGroups } from './fold-groups';
import { groupTraces } from './group-traces';

const chat = (id: string, ...turns: string[]) =>
  deriveEvalView(
    parseChatTranscript({
      id,
      messages: turns.flatMap((t) => [
        { role: 'user', content: t },
        { role: 'assistant', content: 'Done.' },
      ]),
    }),
    { traceId: id },
  ).view;

describe('foldGroups', () => {
  it('keeps the runs of one task cluster in one fold group, which first messages alone did not', () => {
    const views = [
      chat('a', 'Cancel reservation R1XQ for user mia_li_3668', 'Yes, cancel it'),
      chat(
        'b',
        'Hi there, I need something changed',
        'It is reservation R1XQ, user mia_li_3668, cancel',
      ),
      chat('c', 'What is the baggage allowance on economy?'),
    ];
    const before = groupTraces(views);
    expect(before[0]).not.toBe(before[1]);
    const groups = foldGroups(views.map((view) => ({ view })));
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).not.toBe(groups[0]);
  });

  it('reads only the labelled traces content: trace ids and names do not change the groups', () => {
    const turns = [
      ['Cancel reservation R1XQ for user mia_li_3668', 'Yes, cancel it'],
      ['Hi there, I need something changed', 'It is reservation R1XQ, user mia_li_3668, cancel'],
      ['Please cancel R1XQ', 'user mia_li_3668'],
      ['Cancel booking R1XQ now', 'for mia_li_3668'],
      ['What is the baggage allowance on economy?'],
    ];
    const a = foldGroups(turns.map((t, i) => ({ view: chat(`tr_a${i}`, ...t) })));
    const b = foldGroups(turns.map((t, i) => ({ view: chat(`tr_${9 - i}zz`, ...t) })));
    expect(b).toEqual(a);
  });
});
