import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../metrics/seeded-random';
import { synthesiseEval } from '../synthesise-eval';
import { makeView } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { firstReply, textShapes } from './text-predicates';

describe('firstReply', () => {
  it("is the assistant's first message when it spoke before any tool call", () => {
    const f = extractFacts(
      makeView([
        { user: 'Fix the parser.' },
        { assistant: 'Which file holds it?' },
        { user: 'src/parse.py' },
        { call: 'read_file', args: { path: 'src/parse.py' } },
      ]),
    );
    expect(firstReply(f)).toBe('Which file holds it?');
  });

  it('is empty when the first thing the assistant did was a tool call', () => {
    const f = extractFacts(
      makeView([
        { user: 'Fix the parser.' },
        { call: 'read_file', args: { path: 'src/parse.py' } },
        { assistant: 'Which function?' },
      ]),
    );
    expect(firstReply(f)).toBe('');
  });
});

describe('code shapes of whole words', () => {
  const said = (text: string) =>
    textShapes(extractFacts(makeView([{ assistant: text }])), 'assistant');

  it('reads an id joined by a hyphen as one word, and all-capital codes share the mixed shape', () => {
    const rx = said('Your prescription RX-123456 is ready.');
    expect(rx.has('A{2}-{1}9{6}')).toBe(true);
    expect(rx.has('A+-+9+')).toBe(true);
    expect(rx.has('A{2}')).toBe(false);
    expect(said('Booking ABCDEF confirmed.').has('[9A]{6}')).toBe(true);
    expect(said('Booking AB12CD confirmed.').has('[9A]{6}')).toBe(true);
    expect(said('Booking abcdef confirmed.').has('[9A]{6}')).toBe(false);
  });

  it("learns 'gave a booking code' from codes with digits and judges all-capital codes by it", () => {
    const r = createSeededRandom(7);
    const code = (letters: boolean) =>
      Array.from({ length: 6 }, () =>
        letters || r() < 0.5
          ? 'ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(r() * 24)]
          : `${Math.floor(r() * 10)}`,
      ).join('');
    const run = (i: number, letters: boolean) => ({
      view: makeView(
        [
          { user: 'Can you book it?' },
          {
            assistant: `Booked, your code is ${i % 2 === 0 ? code(letters) : ['pending', 'on its way'][i % 4 === 1 ? 0 : 1]}.`,
          },
        ],
        { task_id: `t${i}` },
      ),
      label: i % 2 === 0,
    });
    // training codes mix in digits (one in eight is letters only); held out, half are letters only
    const train = Array.from({ length: 32 }, (_, i) => run(i, i % 16 === 0));
    const held = Array.from({ length: 40 }, (_, i) => run(100 + i, i % 4 === 0));
    const result = synthesiseEval(train);
    for (const h of held) {
      expect(result.predict(h.view).passed, result.rules.join('; ')).toBe(h.label);
    }
  });
});
