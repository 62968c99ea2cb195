import type { Ctx } from '@/core/context';
import { seedAgentTraces } from '@/evals/testing/seed-agent-traces';

export type Conversation = {
  label: 'positive' | 'negative' | null;
  user: string;
  reply: string;
};

/** An agent whose traces are one user message and one assistant reply each, labelled directly. */
export function seedConversations(ctx: Ctx, conversations: Conversation[], name = 'helpdesk') {
  return seedAgentTraces(
    ctx,
    conversations.map((c) => ({ label: c.label, toolNames: [], text: c.user, reply: c.reply })),
    name,
  );
}
