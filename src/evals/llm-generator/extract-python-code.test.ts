import { describe, expect, it } from 'vitest';
import { extractPythonCode } from './extract-python-code';

describe('extractPythonCode', () => {
  it('takes the fenced python block after a short explanation', () => {
    const answer =
      'I check tool errors.\n\n```python\ndef eval_x(trace):\n    return True, "ok"\n```\nDone.';
    expect(extractPythonCode(answer, 'eval_x')).toBe('def eval_x(trace):\n    return True, "ok"\n');
  });

  it('prefers the block defining the wanted function over an example block', () => {
    const answer =
      '```python\nprint(trace["steps"])\n```\nThe function:\n```py\nimport re\n\ndef eval_x(trace):\n    return False, "no"\n```';
    expect(extractPythonCode(answer, 'eval_x')).toMatch(/^import re\n\ndef eval_x/);
  });

  it('accepts an unlabelled fence and an unfenced answer that starts with code', () => {
    expect(extractPythonCode('```\ndef eval_y(t):\n    return True, ""\n```', 'eval_x')).toMatch(
      /def eval_y/,
    );
    expect(
      extractPythonCode('Here:\nimport json\ndef eval_x(t):\n    return True, ""', 'eval_x'),
    ).toMatch(/^import json\ndef eval_x/);
  });

  it('returns null when there is no code, e.g. a refusal in words', () => {
    expect(extractPythonCode("I'm sorry, I can't help with that.", 'eval_x')).toBeNull();
  });
});
