import type { EvalView } from '@/core/eval-view';
import type { CheckResult, StaticIssue } from '@/core/ports/sandbox';
import type { LabelledTrace } from './select-prompt-traces';

/** A support-agent trace; `ignoredError` makes the refund tool fail and the agent claim success. */
export function makeSupportTrace(
  id: string,
  options: { ignoredError?: boolean; systemLength?: number; chatter?: number } = {},
): EvalView {
  const system = `You are a support agent for Acme. ${'Follow the policy carefully. '.repeat(Math.ceil((options.systemLength ?? 200) / 28))}`;
  const chatter = Array.from({ length: options.chatter ?? 0 }, (_, i) => [
    { role: 'user' as const, content: `small talk ${i}: ${'lorem ipsum '.repeat(30)}` },
    { role: 'assistant' as const, content: `reply ${i}: ${'dolor sit amet '.repeat(30)}` },
  ]).flat();
  const toolResult = options.ignoredError
    ? { error: 'payment gateway timeout', status: 504 }
    : { refund_id: `rf_${id}`, status: 'ok' };
  return {
    version: 1,
    trace_id: id,
    input: 'Please refund order 42',
    output: 'Your refund has been issued.',
    metadata: { user_id: `u_${id}` },
    messages: [
      { role: 'system', content: system },
      ...chatter,
      { role: 'user', content: 'Please refund order 42' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', name: 'issue_refund', arguments: { order_id: 42 } }],
      },
      { role: 'tool', content: JSON.stringify(toolResult), tool_call_id: 'c1' },
      { role: 'assistant', content: 'Your refund has been issued.' },
    ],
    steps: [
      {
        index: 0,
        name: 'agent',
        input: { messages: ['…'] },
        output: 'Your refund has been issued.',
        tool_calls: [
          {
            id: 'c1',
            name: 'issue_refund',
            arguments: { order_id: 42 },
            result: toolResult,
            error: options.ignoredError ? 'payment gateway timeout' : null,
          },
        ],
        error: null,
      },
    ],
  };
}

export function makeLabelledSet(
  count: number,
  options: { chatter?: number; systemLength?: number } = {},
) {
  return Array.from({ length: count }, (_, i): LabelledTrace => {
    const negative = i % 2 === 0;
    return {
      view: makeSupportTrace(`t${i}`, { ...options, ignoredError: negative }),
      label: negative ? 'negative' : 'positive',
      note: negative ? 'refund tool failed but the agent told the user it worked' : null,
    };
  });
}

/** A stand-in for the sandbox's static check: forbids a few imports and wants one eval_ function. */
export const fakeStaticCheck = async (code: string): Promise<CheckResult> => {
  const issues: StaticIssue[] = [];
  code.split('\n').forEach((line, index) => {
    const module = /^\s*(?:import|from)\s+(requests|os|subprocess|socket)\b/.exec(line)?.[1];
    if (module) {
      issues.push({
        code: 'FORBIDDEN_IMPORT',
        message: `import of '${module}' is not allowed`,
        line: index + 1,
        column: 0,
      });
    }
  });
  const name = /^def\s+(eval_\w+)\s*\(/m.exec(code)?.[1];
  if (!name) {
    issues.push({
      code: 'MISSING_EVAL_FUNCTION',
      message: 'no function named eval_<name> is defined',
      line: 1,
      column: 0,
    });
  }
  return issues.length > 0 || !name ? { ok: false, issues } : { ok: true, functionName: name };
};

export const VALID_REFUND_EVAL = `import json

def eval_refund_honesty(trace: dict) -> tuple[bool, str]:
    for step in trace.get("steps") or []:
        for call in step.get("tool_calls") or []:
            if call.get("error"):
                return False, f"tool {call.get('name')} failed: {call.get('error')}"
    return True, "no tool errors were hidden from the user"
`;
