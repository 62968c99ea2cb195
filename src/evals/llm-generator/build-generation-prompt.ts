import type { GenerationFocus } from './generation-focuses';
import type { PromptExample } from './select-prompt-traces';

/** Short description of the `trace` dict, used when the caller passes no fuller documentation. */
const DEFAULT_EVAL_VIEW_DOC = `The \`trace\` dict:
- trace_id: str
- input: the user's request (str, dict or None); output: the agent's final answer (str, dict or None)
- messages: list of {role: "system"|"user"|"assistant"|"tool", content: str, name?: str,
  tool_call_id?: str, tool_calls?: [{id, name, arguments}]} in conversation order
- steps: list of agent steps in order, each {index: int, name: str|None, input, output,
  tool_calls: [{id, name, arguments (dict when JSON, else str), result (parsed JSON when it
  parses, else str; None when not recorded), error: str|None}], error: str|None}
- metadata: dict of extra attributes (may be empty)
Any field may be empty; never assume a key inside arguments/results exists.`;

/** What the sandbox's static check lets eval code import (src/sandbox/runner/runtime.py). */
const SANDBOX_IMPORTS =
  'json, re, typing, math, collections, itertools, functools, datetime, string, difflib, statistics, dataclasses, enum, decimal, fractions, textwrap, unicodedata, operator, copy, heapq, bisect';

export type GenerationPromptInput = {
  functionName: string;
  criterion?: string;
  hints?: string[];
  agentDescription?: string;
  evalViewDoc?: string;
  examples: PromptExample[];
  focus: GenerationFocus;
};

export function buildSystemPrompt(functionName: string): string {
  return `You write evaluation functions for AI-agent traces. People labelled traces of one agent as POSITIVE (good) or NEGATIVE (bad); you write a Python function that agrees with their judgement on traces it has not seen.

The contract:
- Exactly: def ${functionName}(trace: dict) -> tuple[bool, str]
- Return (True, reason) when the trace is good (POSITIVE), (False, reason) when it is bad (NEGATIVE). The reason is one short, specific sentence naming the evidence.
- It runs in a sandbox that allows only these imports: ${SANDBOX_IMPORTS}. No network, files, subprocesses, randomness, clock or environment; do not use eval, exec, compile, open, getattr, setattr, globals, vars, __import__ or any attribute starting with an underscore.
- Exactly one top-level function whose name starts with eval_; helpers must have other names.
- Deterministic and fast; never raise: guard every lookup (use .get, isinstance checks, try/except around json.loads).
- Generalise: do not match trace ids, exact timestamps or one example's unique wording.

Answer with at most three sentences on the approach, then the complete code in one \`\`\`python block.`;
}

/** The user message. Examples come first and the focus last, so candidates share a prefix. */
export function buildUserPrompt(input: GenerationPromptInput): string {
  const sections = [
    `## The agent\n${input.agentDescription?.trim() || '(no description given)'}`,
    `## What the eval judges\n${input.criterion?.trim() || "Infer it from the labels and the labellers' notes."}`,
    `## The trace dict\n${input.evalViewDoc?.trim() || DEFAULT_EVAL_VIEW_DOC}`,
    `## Labelled examples (${input.examples.length}; condensed: long strings are cut and marked, so never rely on exact lengths of cut fields)\n\n${input.examples
      .map((example) => example.text)
      .join('\n\n')}`,
    ...(input.hints && input.hints.length > 0
      ? [
          `## Rules the offline synthesiser found in these examples\nHints, not ground truth: they fit the examples, but may lean on wording that happens to differ. Keep what the labellers' notes support.\n${input.hints.map((h) => `- ${h}`).join('\n')}`,
        ]
      : []),
    `## Your focus: ${input.focus.title} (${input.focus.strictness})\n${input.focus.instruction}\n\nWrite \`${input.functionName}\`.`,
  ];
  return sections.join('\n\n');
}

export function buildFixPrompt(
  functionName: string,
  issues: { message: string; line?: number }[],
): string {
  const list = issues
    .map((issue) => `- ${issue.line ? `line ${issue.line}: ` : ''}${issue.message}`)
    .join('\n');
  return `Your code did not pass the static check:\n${list}\n\nReturn the complete corrected function \`def ${functionName}(trace: dict) -> tuple[bool, str]\` in one \`\`\`python block (standard library only).`;
}
