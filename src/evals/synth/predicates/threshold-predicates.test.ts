import { describe, expect, it } from 'vitest';
import type { MiningExample } from '../predicate';
import { makeView } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { mineThresholdPredicates, roundBetween } from './threshold-predicates';

const grants = (days: number[], failAbove: number): MiningExample[] =>
  days.map((d, i) => ({
    facts: extractFacts(makeView([{ call: 'grant_access', args: { system: 'vpn', days: d } }])),
    label: d <= failAbove,
    group: `g${i}`,
  }));

const limitOn = (examples: MiningExample[]) =>
  mineThresholdPredicates(examples).find((p) =>
    p.id.startsWith('threshold:arg:grant_access.days<='),
  );

describe('thresholds on a number', () => {
  it('puts the limit on the roundest number in the gap', () => {
    expect(roundBetween(120, 365, '<=')).toBe(200);
    expect(roundBetween(45, 60, '<=')).toBe(50);
  });

  it('prices a limit that one failing value places as a guess, and says where the labels put it', () => {
    const passing = [7, 14, 30, 60, 90, 120, 30, 60];
    const one = limitOn(grants([...passing, 365, 365, 365], 180));
    const spread = limitOn(grants([...passing, 365, 200, 250], 180));
    expect(one?.id).toBe('threshold:arg:grant_access.days<=200');
    expect(spread?.id).toBe('threshold:arg:grant_access.days<=150');
    expect(one?.whenTrue).toBe(
      "every 'grant_access' call's days was at most 200 (or there was none; the labels put the limit between 120 and 365, one failing value)",
    );
    expect(spread?.whenTrue).toBe(
      "every 'grant_access' call's days was at most 150 (or there was none)",
    );
    expect((one?.cost ?? 0) - (spread?.cost ?? 0)).toBeGreaterThan(0.2);
  });
});
