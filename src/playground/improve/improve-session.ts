import { z } from '@hono/zod-openapi';
import { generateText } from 'ai';
import { promptLintContext } from '@/agents/practices/lint-context';
import { lintPrompt } from '@/agents/practices/lint-prompt';
import { lintResult, MAX_PROMPT_CHARS } from '@/agents/practices/lint-text';
import { listPractices, matchingPractices } from '@/agents/practices/practices';
import { assertCanWrite } from '@/auth/assert-role';
import { AppError } from '@/core/errors';
import { keyedService } from '@/core/service';
import { checkProposal, guardsPass } from '@/optimize/gepa/guards';
import { feedbackLines, parseReflection } from '@/optimize/gepa/reflection-prompt';
import { getSessionOrThrow } from '../get-session-or-throw';
import { ModelConfig } from '../session-input';
import { sessionModel } from '../session-model';
import { sessionTemplate } from '../session-prompt';
import { sessionToolsOf } from '../session-tools';
import { failingTraceIds, MAX_FAILING, MIN_FAILING, traceRecords } from './failing-traces';
import { buildImprovePrompt } from './improve-prompt';
import { agentIterations, recordIteration } from './record-iteration';

export const ImproveInput = z
  .strictObject({
    /** 3-8 failing traces of the agent; default its newest labelled negative or failed by an eval. */
    traceIds: z.array(z.string().min(1).max(200)).min(MIN_FAILING).max(MAX_FAILING).optional(),
    /** What the people who looked at the failures think (goes to the model as is). */
    notes: z.string().max(4_000).optional(),
  })
  .openapi('ImproveInput');
export type ImproveInput = z.infer<typeof ImproveInput>;

const REJECTED_SHOWN = 5;

/**
 * One-shot improve (§8): the session's prompt, the agent's tools, 3-8 failing traces as
 * reflective records, the notes, the agent's rejected iterations and up to 5 matching rules go to
 * the session's model once; its proposal passes GEPA's guards and the lints or is recorded as
 * rejected. Never changes a version or the session: a taskset run decides.
 */
export const improveSession = keyedService(
  ImproveInput,
  assertCanWrite,
  async (ctx, sessionId, data) => {
    const session = await getSessionOrThrow(ctx, sessionId);
    const agentId = session.agentId;
    if (!agentId) {
      throw new AppError(
        'VALIDATION',
        "improve learns from the agent's failing traces: start the session on an agent",
      );
    }
    const current = await sessionTemplate(ctx, session);
    const traceIds = await failingTraceIds(ctx, agentId, data.traceIds);
    const records = await traceRecords(ctx, traceIds);
    const tools = (await sessionToolsOf(ctx, session)).map((t) => t.tool);
    const practices = (await listPractices(ctx)).filter((p) => p.enabled);
    const rules = matchingPractices(practices, {
      text: [
        ...records.flatMap((r) => [...feedbackLines(r), r.humanNote ?? '', r.transcript]),
        data.notes ?? '',
      ].join('\n'),
      failedEvals: records.flatMap((r) => r.verdicts.filter((v) => !v.passed).map((v) => v.name)),
    });
    const earlier = await agentIterations(ctx, agentId);
    const rejected = earlier.filter((i) => i.status === 'rejected').slice(0, REJECTED_SHOWN);
    const config = ModelConfig.parse(session.modelConfig);
    const { model } = await sessionModel(ctx, config);
    const prompt = buildImprovePrompt({
      current,
      records,
      tools,
      notes: data.notes,
      rejected,
      rules,
    });
    let answer: string;
    try {
      answer = (await generateText({ model, prompt, temperature: config.temperature })).text;
    } catch (error) {
      throw new AppError(
        'UNAVAILABLE',
        `the model did not answer the improve step: ${String(error)}`,
      );
    }
    const parsed = parseReflection(answer);
    const text = parsed.text ?? current;
    const lints = lintPrompt(text, {
      ...(await promptLintContext(ctx, agentId)),
      previous: current,
    });
    const guards = parsed.text
      ? checkProposal({
          parent: { system: current },
          child: { system: text },
          pool: [{ system: current }, ...earlier.map((i) => ({ system: i.text }))],
          taskTexts: records.map((r) => r.userSide),
          maxChars: MAX_PROMPT_CHARS,
        })
      : null;
    const ok = guards !== null && guardsPass(guards) && lints.length === 0;
    const iteration = await recordIteration(ctx, {
      agentId,
      baseVersionId: session.agentVersionId,
      source: 'improve',
      parentText: current,
      text,
      reason: parsed.text ? parsed.reason : `no proposal: ${parsed.reason}`,
      guardResults: {
        ...(guards ?? { proposal: { ok: false, message: parsed.reason } }),
        lints: lintResult(lints),
      },
      status: ok ? 'proposed' : 'rejected',
    });
    return {
      iteration,
      lints,
      traceIds,
      rules: rules.map((r) => ({ id: r.id, title: r.title })),
    };
  },
);
