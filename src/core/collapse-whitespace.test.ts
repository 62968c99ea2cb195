import { describe, expect, it } from 'vitest';
import { collapseWhitespace } from './collapse-whitespace';

describe('collapseWhitespace', () => {
  it.each([
    'plain words with lone spaces',
    ' leading and trailing ',
    'two  spaces',
    'a\ttab',
    'new\nline',
    'crlf\r\n',
    'no-break\u00a0space',
    'ideographic\u3000space',
    'line\u2028separator',
    '   ',
    '',
    'x',
  ])('answers what replace(/\\s+/g, " ") answers for %j', (text) => {
    expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' '));
  });

  it('answers the same string when there is nothing to collapse', () => {
    const text = 'I would like to change my reservation. '.repeat(20);
    expect(collapseWhitespace(text)).toBe(text);
  });
});
