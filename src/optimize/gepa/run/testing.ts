import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { type AgreementMetrics, evals } from '@/db/schema';
import { addActiveEval } from '@/evals/testing/add-active-eval';
import type { MockReply, MockRequest } from '@/llm/testing/mock-reply';
import { shopAgent } from '@/optimize/runs/testing';

/** Held-out counts that clear the agreement bar (an eval GEPA may use as its reward). */
export const ALIGNED: AgreementMetrics = {
  accuracy: 0.9,
  precision: 0.9,
  recall: 0.95,
  f1: 0.92,
  kappa: 0.8,
  counts: { tp: 20, fp: 2, tn: 18, fn: 1, neutral: 0, errors: 0 },
};

/** Marks an eval as having passed the held-out agreement bar. */
export async function markAligned(ctx: Ctx, evalId: string) {
  await ctx.db.update(evals).set({ heldOutMetrics: ALIGNED }).where(eq(evals.id, evalId));
}

export const REFLECTION_OPENING = 'I gave an assistant the following instructions:';

/** The instruction text a reflection request quotes (between its first two fences). */
export function quotedInstruction(request: MockRequest): string {
  const messages = (request.body.messages ?? []) as { content: unknown }[];
  const prompt = messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  const start = prompt.indexOf('```\n') + 4;
  return prompt.slice(start, prompt.indexOf('\n```', start));
}

export const isReflection = (request: MockRequest) =>
  JSON.stringify(request.body.messages ?? []).includes(REFLECTION_OPENING);

/**
 * A rule-based reflector: reads the first FAIL line's eval name and appends the rule `rules`
 * gives for it to the quoted instruction (no proposal when it knows none).
 */
export function ruleReflector(rules: Record<string, string>) {
  return (request: MockRequest): MockReply => {
    const body = JSON.stringify(request.body.messages ?? []);
    const failed = /FAIL (\w+):/.exec(body)?.[1];
    const rule = failed ? rules[failed] : undefined;
    if (!rule) {
      return { text: 'Nothing to change.' };
    }
    return {
      text: `The ${failed} check fails; I add a rule for it.\n\`\`\`\n${quotedInstruction(request)} ${rule}\n\`\`\``,
    };
  };
}

/** The rule the shop tests' reflector adds for the failing `eval_cancelled`. */
export const RULE = 'Always cancel the order the customer mentions.';

/** The shop agent, which also cancels at once when its system prompt has the rule. */
export function agentWithRule(request: MockRequest): MockReply {
  const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
  const system = String(messages.find((m) => m.role === 'system')?.content ?? '');
  if (system.includes(RULE) && messages.at(-1)?.role === 'user') {
    return { toolCalls: [{ name: 'cancel_order', arguments: { order: 'A1' } }] };
  }
  return shopAgent()(request);
}

/** Eval code `eval_<name>`: passes when the agent called `tool` at some step. */
export function calledToolEval(name: string, tool: string): string {
  return `def eval_${name}(trace):
    for step in trace["steps"]:
        for call in step["tool_calls"]:
            if call["name"] == "${tool}":
                return True, "called ${tool}"
    return False, "never called ${tool}"
`;
}

/** A shadow eval the rule games: with it the agent cancels at once and never looks the user up. */
const LOOKED_UP_EVAL = calledToolEval('looked_up_user', 'get_user');

/** Adds and activates `eval_looked_up_user` (a shadow eval for the shop agent's runs). */
export async function addLookedUpEval(ctx: Ctx, agentId: string) {
  await addActiveEval(ctx, agentId, 'eval_looked_up_user', LOOKED_UP_EVAL);
}
