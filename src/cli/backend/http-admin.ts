import { createApiClient } from '@/api/client';
import { AppError } from '@/core/errors';
import type { Page } from '@/core/page';
import type { ApiKeyView } from '@/workspaces/api-key-view';
import type { CreatedApiKey } from '@/workspaces/create-api-key';
import type { MemberLoginLink } from '@/workspaces/create-member-login-link';
import type { MemberView } from '@/workspaces/member-view';
import { answer } from './http-backend';

/** Owner tasks against a server (`iofold keys … --url`, `iofold login --url`): the key decides the workspace. */
export function createHttpAdmin(baseUrl: string, secretKey: string | undefined) {
  if (!secretKey) {
    throw new AppError(
      'UNAUTHORIZED',
      'with --url this needs an owner API key: --key sk-if-… or IOFOLD_API_KEY (the setup page shows one)',
    );
  }
  const base = baseUrl.replace(/\/$/, '');
  const client = createApiClient(base, { secretKey });
  return {
    createKey: (input: { name: string; role: 'owner' | 'member' | 'viewer' }) =>
      answer<CreatedApiKey>(base, () => client.v1['api-keys'].$post({ json: input })),
    listKeys: () => answer<Page<ApiKeyView>>(base, () => client.v1['api-keys'].$get()),
    revokeKey: (id: string) =>
      answer<ApiKeyView>(base, () => client.v1['api-keys'][':id'].$delete({ param: { id } })),
    workspace: () =>
      answer<{ workspace: { id: string; slug: string } }>(base, () => client.v1.me.$get()),
    /** A new sign-in link for the member with `email`, or for the workspace's first owner. */
    async loginLink(email: string | undefined): Promise<MemberLoginLink> {
      const members = await answer<Page<MemberView>>(base, () => client.v1.members.$get());
      const wanted = email?.trim().toLowerCase();
      const member = wanted
        ? members.data.find((m) => m.email === wanted)
        : members.data.find((m) => m.role === 'owner');
      if (!member) {
        throw new AppError(
          'NOT_FOUND',
          wanted ? `no member ${wanted} in this workspace` : 'no owner',
        );
      }
      return answer<MemberLoginLink>(base, () =>
        client.v1.members[':userId']['login-link'].$post({ param: { userId: member.userId } }),
      );
    },
  };
}
