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

  it.each([
    ['A{3}9{3}', 'is 3 capital letters then 3 digits'],
    ['A{1}9{4}', 'is 1 capital letter then 4 digits'],
    ['9{6}', 'is a 6-digit number'],
    ['A+9+', 'is capital letters then digits, any number of each'],
    ['[A9]{6}', 'is 6 characters, capital letters and digits'],
    ['[Aa9]{8}', 'is 8 characters, capital letters, lowercase letters and digits'],
    ['A{2}-{1}9{4}', "is 2 capital letters, '-' then 4 digits"],
    ['[-9A]{7}', "is 7 characters of '-', digits and capital letters"],
    ['"ORD-"9{6}', "is 'ORD-' then 6 digits"],
    ['a+_{1}9{8}', "is lowercase letters, '_' then 8 digits"],
    ['"feat-"*', "starts with 'feat-'"],
  ])('reads the shape %s part by part: %s', (shape, words) => {
    expect(shapeInWords(shape)).toBe(words);
  });

  it('words a call whose value has a shape with other characters', () => {
    expect(describeClass({ tool: 't', atom: 'id#A{2}-{1}9{4}' })).toMatch(
      /whose id is 2 capital letters, '-' then 4 digits$/,
    );
  });

  it('keeps the pattern for what it cannot read', () => {
    expect(shapeInWords('"a"*9{2}')).toBeNull();
    expect(describeClass({ tool: 't', atom: 'id#"a"*9{2}' })).toMatch(/is shaped "a"\*9\{2\}$/);
  });

  it('puts "an" before a name or a count that opens with a vowel sound', () => {
    expect(describeClass({ tool: 'edit_file', atom: '' })).toBe("an 'edit_file' call");
    expect(describeClass({ tool: 'update_reservation', atom: 'id#9{8}' })).toBe(
      "an 'update_reservation' call whose id is an 8-digit number",
    );
    expect(describeClass({ tool: 'run_tests', atom: '' })).toBe("a 'run_tests' call");
    expect(describeClass({ tool: 'user_lookup', atom: '' })).toBe("a 'user_lookup' call");
    expect(shapeInWords('a{11}')).toBe('is an 11-letter lowercase word');
  });
});
