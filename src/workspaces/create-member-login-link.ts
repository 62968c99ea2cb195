import { z } from '@hono/zod-openapi';
import { assertOwner } from '@/auth/assert-role';
import { createLoginToken, loginUrl } from '@/auth/login-links';
import type { Ctx } from '@/core/context';
import { getWorkspace } from './get-workspace';
import { getMemberOrThrow } from './list-members';

export const MemberLoginLink = z
  .object({
    url: z
      .string()
      .openapi({ description: 'One-time sign-in link (`/login?token=…`), shown once' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('MemberLoginLink');
export type MemberLoginLink = z.infer<typeof MemberLoginLink>;

/**
 * A new one-time sign-in link for a member of this workspace (owners only), e.g. when their
 * first link expired; it opens the session in this workspace. Older unused links stay valid.
 */
export async function createMemberLoginLink(
  ctx: Ctx,
  input: { userId: string; baseUrl: string },
): Promise<MemberLoginLink> {
  assertOwner(ctx);
  const member = await getMemberOrThrow(ctx, input.userId);
  const workspace = await getWorkspace(ctx);
  const { token, expiresAt } = await createLoginToken(ctx, { userId: member.userId });
  return {
    url: loginUrl(input.baseUrl, token, { workspace: workspace.slug }),
    expiresAt: expiresAt.toISOString(),
  };
}
