import { getAgentOrThrow, getAgentVersionOrThrow } from '@/agents/get-agent-or-throw';
import { templateVariables } from '@/agents/template-variables';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import type { PlaygroundSession } from '@/db/schema';

/** The prompt template a session talks with: its draft, else its agent version's text. */
export async function sessionTemplate(
  ctx: Ctx,
  session: Pick<PlaygroundSession, 'agentId' | 'agentVersionId' | 'draftPrompt'>,
): Promise<string> {
  if (session.draftPrompt !== null) {
    return session.draftPrompt;
  }
  if (session.agentId && session.agentVersionId) {
    const version = await getAgentVersionOrThrow(ctx, session.agentId, session.agentVersionId);
    return version.promptTemplate;
  }
  throw new AppError('VALIDATION', 'the session has neither a draft prompt nor an agent version');
}

/** The agent's version to start from: the one asked for, else the active one. */
export async function startingVersionId(
  ctx: Ctx,
  agentId: string,
  versionId: string | undefined,
): Promise<string | null> {
  if (versionId) {
    return (await getAgentVersionOrThrow(ctx, agentId, versionId)).id;
  }
  return (await getAgentOrThrow(ctx, agentId)).activeVersionId;
}

/** 400 naming the first variable the template has no `{{slot}}` for. */
export function assertKnownVariables(template: string, variables: Record<string, string>) {
  const slots = templateVariables(template);
  const unknown = Object.keys(variables).filter((name) => !slots.includes(name));
  if (unknown.length > 0) {
    const has = slots.length > 0 ? slots.map((s) => `{{${s}}}`).join(', ') : 'no variables';
    throw new AppError(
      'VALIDATION',
      `unknown variable ${unknown.map((n) => `"${n}"`).join(', ')}: the prompt has ${has}`,
      { details: { unknown, known: slots } },
    );
  }
}

/** The template with every `{{slot}}` filled; 400 naming the slots that have no value. */
export function renderPrompt(template: string, variables: Record<string, string>): string {
  assertKnownVariables(template, variables);
  const missing = templateVariables(template).filter((name) => variables[name] === undefined);
  if (missing.length > 0) {
    throw new AppError(
      'VALIDATION',
      `variable ${missing.map((n) => `"${n}"`).join(', ')} has no value: set it in the session's variables`,
      { details: { missing } },
    );
  }
  return template.replace(
    /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g,
    (slot, name: string) => variables[name] ?? slot,
  );
}
