import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('prefixes and never repeats over many calls', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('trc')));
    expect(ids.size).toBe(10_000);
    for (const id of ids) {
      expect(id).toMatch(/^trc_[0-9a-z]{29}$/);
    }
  });

  it('sorts by creation time across milliseconds', async () => {
    const first = newId();
    await new Promise((resolve) => setTimeout(resolve, 3));
    expect(newId() > first).toBe(true);
  });
});
