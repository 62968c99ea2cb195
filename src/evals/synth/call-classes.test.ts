import { describe, expect, it } from 'vitest';
import { describeClass, shapeInWords } from './call-classes';

describe('call shapes in plain words', () => {
  it('names a lowercase-word shape instead of printing the pattern', () => {
    const text = describeClass({ tool: 'set_priority', atom: 'level#[a]{5}' });
    expect(text).toBe("a 'set_priority' call whose level is a 5-letter lowercase word");
    expect(describeClass({ tool: '', atom: 'priority#a{3}' })).toMatch(
      /whose priority is a 3-letter lowercase word$/,
    );
  });

  it('reads runs and mixes of letters and digits', () => {
    expect(shapeInWords('A{3}9{3}')).toBe('is 3 capital letters then 3 digits');
    expect(shapeInWords('A{1}9{4}')).toBe('is 1 capital letter then 4 digits');
    expect(shapeInWords('9{6}')).toBe('is a 6-digit number');
    expect(shapeInWords('A+9+')).toBe('is capital letters then digits, any number of each');
    expect(shapeInWords('[A9]{6}')).toBe('is 6 characters, capital letters and digits');
    expect(shapeInWords('[Aa9]{8}')).toBe(
      'is 8 characters, capital letters, lowercase letters and digits',
    );
  });

  it('keeps the pattern for shapes with other characters', () => {
    expect(shapeInWords('A{2}-{1}9{4}')).toBeNull();
    expect(shapeInWords('[-9A]{7}')).toBeNull();
    expect(describeClass({ tool: 't', atom: 'id#A{2}-{1}9{4}' })).toMatch(
      /is shaped A\{2\}-\{1\}9\{4\}$/,
    );
  });
});
