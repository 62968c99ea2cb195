import { describe, expect, it } from 'vitest';
import { toolResult } from './tool-result';

describe('toolResult', () => {
  it('keeps output under the cap as it is', () => {
    expect(toolResult('{"ok":true}', false)).toEqual({
      isError: false,
      text: '{"ok":true}',
      bytes: 11,
      truncated: false,
    });
  });

  it('truncates a 10 MB output to the cap with a marker, never inside a character', () => {
    const big = `${'é'.repeat(5 * 1024 * 1024)}`; // 10 MB of 2-byte characters
    const result = toolResult(big, false, 1001);
    expect(result.truncated).toBe(true);
    expect(result.bytes).toBe(10 * 1024 * 1024);
    expect(result.text).toBe(`${'é'.repeat(500)}\n[truncated: showed 1000 of 10485760 bytes]`);
  });
});
