import { describe, expect, it } from 'vitest';
import { makeView } from '../synth/testing/make-view';
import { groupTraces } from './group-traces';

describe('groupTraces', () => {
  it('groups by a metadata task key when present', () => {
    const views = [
      makeView([{ user: 'a' }], { task_id: 3 }),
      makeView([{ user: 'b' }], { task_id: 3 }),
      makeView([{ user: 'a' }], { task_id: 4 }),
    ];
    const g = groupTraces(views);
    expect(g[0]).toBe(g[1]);
    expect(g[0]).not.toBe(g[2]);
  });

  it('groups traces without a key by similar first user messages, ignoring digits and case', () => {
    const ask = (n: number, tail = '') =>
      makeView([
        {
          user: `Hi! I would like to cancel my reservation number ${n} for the trip next week please${tail}`,
        },
      ]);
    const views = [
      ask(111),
      ask(222),
      ask(333, ' as soon as possible'),
      makeView([{ user: 'What is the baggage allowance?' }]),
    ];
    const stripped = views.map((v) => ({ ...v, metadata: {} }));
    const g = groupTraces(stripped);
    expect(g[0]).toBe(g[1]);
    expect(g[0]).not.toBe(g[3]);
    expect(new Set(g).size).toBeLessThanOrEqual(3);
  });

  it('uses the metadata keys it is given', () => {
    const views = [
      makeView([{ user: 'x' }], { scenario: 'a' }),
      makeView([{ user: 'y' }], { scenario: 'a' }),
    ].map((v) => ({
      ...v,
      metadata: { scenario: v.metadata.scenario },
    }));
    expect(new Set(groupTraces(views, { metadataKeys: ['scenario'] })).size).toBe(1);
    expect(new Set(groupTraces(views, { metadataKeys: ['other'] })).size).toBe(2);
  });
});
