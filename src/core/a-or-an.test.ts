import { describe, expect, it } from 'vitest';
import { aOrAn, articleFor } from './a-or-an';

describe('aOrAn', () => {
  it('chooses by the first sound of a quoted tool name, not by its letter alone', () => {
    expect(aOrAn("'edit_file' call")).toBe("an 'edit_file' call");
    expect(aOrAn("'update_reservation' call")).toBe("an 'update_reservation' call");
    expect(aOrAn("'run_tests' call")).toBe("a 'run_tests' call");
    expect(aOrAn("'user_lookup' call")).toBe("a 'user_lookup' call");
    expect(aOrAn("'unlock_account' call")).toBe("an 'unlock_account' call");
    expect(aOrAn("'uuid_lookup' call")).toBe("a 'uuid_lookup' call");
    expect(aOrAn('assistant message')).toBe('an assistant message');
    expect(aOrAn('user message')).toBe('a user message');
    expect(aOrAn('hour')).toBe('an hour');
    expect(aOrAn('one-off refund')).toBe('a one-off refund');
    expect(aOrAn('other tool')).toBe('an other tool');
  });

  it('reads numbers and acronyms aloud', () => {
    expect(['8-digit', '11-letter', '18-character', '80-digit'].map(articleFor)).toEqual([
      'an',
      'an',
      'an',
      'an',
    ]);
    expect(['1-digit', '6-letter', '110-digit', '180-digit'].map(articleFor)).toEqual([
      'a',
      'a',
      'a',
      'a',
    ]);
    expect(aOrAn("'SQL_query' call")).toBe("an 'SQL_query' call");
    expect(aOrAn("'CRM_sync' call")).toBe("a 'CRM_sync' call");
  });
});
