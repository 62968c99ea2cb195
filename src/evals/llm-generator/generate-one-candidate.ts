import type { LlmMessage } from '@/core/ports/llm-provider';
import { buildFixPrompt } from './build-generation-prompt';
import { extractPythonCode } from './extract-python-code';
import type { GenerationFocus } from './generation-focuses';
import type { LlmCandidate, LlmGeneratorDeps } from './types';

/** Fix rounds after the first answer. */
const MAX_FIX_ROUNDS = 2;

type OneInput = {
  functionName: string;
  focus: GenerationFocus;
  system: string;
  opening: LlmMessage[];
  promptTraceIds: string[];
  temperature?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
};

function rationaleOf(answer: string): string {
  const beforeCode = answer.split('```')[0] ?? '';
  return beforeCode.trim().slice(0, 600);
}

/** Asks for one candidate and drives the check-and-fix loop. Never throws for LLM failures. */
export async function generateOneCandidate(
  deps: LlmGeneratorDeps,
  input: OneInput,
): Promise<LlmCandidate> {
  const messages = [...input.opening];
  const candidate: LlmCandidate = {
    status: 'failed',
    focus: input.focus,
    code: null,
    functionName: input.functionName,
    issues: [],
    attempts: 0,
    model: deps.provider.model,
    prompt: { system: input.system, user: input.opening[0]?.content ?? '' },
    promptTraceIds: input.promptTraceIds,
    usage: { inputTokens: 0, outputTokens: 0 },
    costUsd: 0,
    cached: true,
    rationale: '',
  };
  for (let round = 0; round <= MAX_FIX_ROUNDS; round += 1) {
    const result = await deps.provider.complete(
      {
        system: input.system,
        messages,
        temperature: input.temperature ?? 0.2,
        maxOutputTokens: input.maxOutputTokens ?? 2048,
      },
      { signal: input.signal },
    );
    candidate.attempts += 1;
    if (!result.ok) {
      candidate.status = 'failed';
      candidate.error = {
        kind: result.error.kind,
        message: result.error.message,
        retryable: result.error.retryable,
      };
      candidate.cached = false;
      return candidate;
    }
    candidate.model = result.model;
    candidate.usage.inputTokens += result.usage.inputTokens;
    candidate.usage.outputTokens += result.usage.outputTokens;
    candidate.cached &&= result.cached;
    candidate.costUsd =
      candidate.costUsd === undefined || result.costUsd === undefined
        ? undefined
        : candidate.costUsd + result.costUsd;
    if (round === 0) {
      candidate.rationale = rationaleOf(result.text);
    }

    const code = extractPythonCode(result.text, input.functionName);
    let issues: { message: string; line?: number }[];
    if (!code) {
      issues = [{ message: 'the answer contained no Python code block' }];
    } else {
      candidate.code = code;
      const checked = await deps.check(code);
      if (checked.ok && checked.functionName === input.functionName) {
        candidate.status = 'valid';
        candidate.issues = [];
        return candidate;
      }
      if (!checked.ok && checked.issues.length === 0 && checked.error) {
        candidate.status = 'failed';
        candidate.error = {
          kind: 'check_unavailable',
          message: checked.error.message,
          retryable: true,
        };
        return candidate;
      }
      issues = checked.ok
        ? [
            {
              message: `the function must be named ${input.functionName}, not ${checked.functionName}`,
            },
          ]
        : checked.issues;
    }
    candidate.status = 'invalid';
    candidate.issues = issues;
    messages.push(
      { role: 'assistant', content: result.text },
      { role: 'user', content: buildFixPrompt(input.functionName, issues) },
    );
  }
  return candidate;
}
