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

  it('reads shapes with other characters, kept prefixes and naming conventions part by part', () => {
    expect(shapeInWords('A{2}-{1}9{4}')).toBe("is 2 capital letters, '-' then 4 digits");
    expect(shapeInWords('[-9A]{7}')).toBe("is 7 characters of '-', digits and capital letters");
    expect(shapeInWords('"ORD-"9{6}')).toBe("is 'ORD-' then 6 digits");
    expect(shapeInWords('a+_{1}9{8}')).toBe("is lowercase letters, '_' then 8 digits");
    expect(shapeInWords('"feat-"*')).toBe("starts with 'feat-'");
    expect(describeClass({ tool: 't', atom: 'id#A{2}-{1}9{4}' })).toMatch(
      /whose id is 2 capital letters, '-' then 4 digits$/,
    );
  });

  it('keeps the pattern for what it cannot read', () => {
    expect(shapeInWords('"a"*9{2}')).toBeNull();
    expect(describeClass({ tool: 't', atom: 'id#"a"*9{2}' })).toMatch(/is shaped "a"\*9\{2\}$/);
  });
});
