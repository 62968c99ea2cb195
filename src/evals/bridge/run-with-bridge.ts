import type {
  AskedQuestion,
  BridgeAnswer,
  BridgeQuestion,
  RunEvalInput,
  RunEvalResult,
  Sandbox,
  SandboxError,
  TraceOutcome,
} from '@/core/ports/sandbox';
import { answerQuestions, type Bridge } from './answer-questions';

/** An answer with its question (what an export replays). */
export type ServedAnswer = { q: BridgeQuestion; a: string };

/**
 * Runs an eval that may ask a model. The sandbox runs every trace; a trace that asked a question
 * with no answer yet comes back `NEEDS_ANSWER`; its questions are answered (cache, then model)
 * and the trace runs again with the answers, until it returns or its questions run out. Without a
 * bridge (no model configured) such traces get a `MODEL_ERROR` saying what to configure.
 * `input.answers` (answers known before the run, by question id) are given to every pass.
 * `answers`: the answers to the questions asked in this call (what an export replays);
 * `asked[i]`: the questions trace i asked.
 */
export async function runWithBridge(
  sandbox: Sandbox,
  input: RunEvalInput,
  bridge: Bridge | null,
  unconfigured = 'no model provider is configured (see docs/models.md)',
): Promise<RunEvalResult & { answers?: ServedAnswer[]; asked?: AskedQuestion[][] }> {
  const first = await sandbox.runEval(input);
  if (!first.ok) {
    return first;
  }
  const outcomes = [...first.outcomes];
  let stopped = first.stopped;
  const asked = new Map<number, Set<string>>();
  const answers = new Map((input.answers ?? []).map((a) => [a.id, a]));
  const served = new Map<string, ServedAnswer>();
  const questionsOf = new Map<number, AskedQuestion[]>();
  const fail = (i: number, error: SandboxError) => {
    const o = outcomes[i] as TraceOutcome;
    outcomes[i] = {
      traceId: o.traceId,
      ok: false,
      error,
      durationMs: o.durationMs,
      output: o.output,
    };
  };
  const maxRounds = bridge?.settings.maxQuestionsPerTrace ?? 0;
  for (let round = 0; ; round++) {
    const pending = outcomes.flatMap((o, i) => (needsAnswer(o) ? [i] : []));
    if (pending.length === 0) {
      break;
    }
    if (!bridge || round >= maxRounds) {
      for (const i of pending) {
        fail(i, bridge ? tooManyQuestions(maxRounds) : noModel(unconfigured));
      }
      break;
    }
    const questionsAt = (i: number) =>
      (outcomes[i] as { questions?: AskedQuestion[] }).questions ?? [];
    const questions = pending.flatMap(questionsAt);
    const replies = await answerQuestions(bridge, questions, input.signal);
    const rerun: number[] = [];
    for (const i of pending) {
      const keys = asked.get(i) ?? new Set<string>();
      asked.set(i, keys);
      let error: SandboxError | null = null;
      for (const question of questionsAt(i)) {
        questionsOf.set(i, [...(questionsOf.get(i) ?? []), question]);
        const reply = replies.get(question.id);
        if (!reply?.ok) {
          error ??= reply ? reply.error : noModel(unconfigured);
          continue;
        }
        const { id, ...q } = question;
        keys.add(id);
        answers.set(id, { id, a: reply.answer });
        served.set(id, { q, a: reply.answer });
      }
      if (error) {
        fail(i, error);
      } else {
        rerun.push(i);
      }
    }
    if (rerun.length === 0) {
      break;
    }
    const needed = new Set(rerun.flatMap((i) => [...(asked.get(i) ?? [])]));
    for (const a of input.answers ?? []) {
      needed.add(a.id);
    }
    const again = await sandbox.runEval({
      ...input,
      traces: rerun.map((i) => input.traces[i] as (typeof input.traces)[number]),
      answers: [...needed].map((k) => answers.get(k) as BridgeAnswer),
    });
    if (!again.ok) {
      return again;
    }
    stopped ??= again.stopped;
    again.outcomes.forEach((o, k) => {
      outcomes[rerun[k] as number] = o;
    });
  }
  const perTrace = outcomes.map((_, i) => questionsOf.get(i) ?? []);
  const done = { ok: true as const, outcomes, answers: [...served.values()], asked: perTrace };
  return stopped ? { ...done, stopped } : done;
}

function needsAnswer(o: TraceOutcome): boolean {
  return !o.ok && o.error.code === 'NEEDS_ANSWER';
}

function noModel(message: string): SandboxError {
  return {
    code: 'MODEL_ERROR',
    message: `this eval asks a model (judge or ask) and ${message}`,
    retryable: false,
  };
}

function tooManyQuestions(n: number): SandboxError {
  return {
    code: 'BUDGET',
    message: `the eval asked more than ${n} questions one after another on this trace`,
    retryable: false,
  };
}
