import { describe, expect, it } from 'vitest';
import { startedSandbox } from '@/sandbox/testing/started-sandbox';
import { PYTHON_HELPER_NAMES, pythonHelpers } from './python-helpers';

// The parity tests run the helpers in native Python, which has no static check: a helper the
// sandbox refuses (a string naming a dunder, a forbidden import or attribute) would only show
// when an emitted eval carrying it is saved. Each helper is checked here as the emitter writes it.

const sandbox = startedSandbox({ poolSize: 1 });

describe("the synthesiser's Python helpers pass the sandbox's static check", () => {
  it('there are helpers to check', () => {
    expect(PYTHON_HELPER_NAMES.length).toBeGreaterThan(20);
  });

  it.each(PYTHON_HELPER_NAMES.map((name) => [name]))('%s', async (name) => {
    const code = `import json\nimport re\n\n\n${pythonHelpers([name])}\n\n\ndef eval_probe(trace):\n    return True, "ok"\n`;
    const checked = await sandbox.check(code);
    expect(checked.ok ? [] : checked.issues.map((i) => `${i.line}: ${i.message}`)).toEqual([]);
    expect(checked).toMatchObject({ ok: true, functionName: 'eval_probe' });
  });
});
