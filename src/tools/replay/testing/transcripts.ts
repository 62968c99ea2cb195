import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { traces } from '@/db/schema';
import { importTraces } from '@/traces/import/import-traces';
import { callsTools } from '@/traces/testing/openai-messages';

/** An OpenAI-style transcript whose agent looks a user up. */
export const transcript = (id: string, userId: string, extra: Record<string, unknown> = {}) => ({
  id,
  messages: [
    { role: 'system', content: 'You are the airline agent.' },
    { role: 'user', content: `I am ${userId}` },
    callsTools('', [`c-${id}`, 'get_user', JSON.stringify({ user_id: userId, ...extra })]),
    {
      role: 'tool',
      tool_call_id: `c-${id}`,
      content: JSON.stringify({ name: `name of ${userId}` }),
    },
    { role: 'assistant', content: 'Found you.' },
  ],
});

/** Imports the transcripts through the product's importer; one agent (one system prompt). */
export async function importTranscripts(c: Ctx, records: unknown[]) {
  const text = records.map((r) => JSON.stringify(r)).join('\n');
  await importTraces(c, new Blob([text]).stream(), { format: 'openai' });
  const rows = await c.db.select().from(traces).where(eq(traces.workspaceId, c.workspaceId));
  const agentId = rows[0]?.agentId ?? '';
  return { agentId, byExternal: Object.fromEntries(rows.map((r) => [r.externalId, r])) };
}
