import { assertOwner } from '@/auth/assert-role';
import { service } from '@/core/service';
import { conflictOnDuplicate } from '@/db/errors';
import { integrations } from '@/db/schema';
import { getIntegrationOrThrow } from './get-integration-or-throw';
import { CreateIntegrationInput, defaultBaseUrl } from './integration-input';
import { type IntegrationView, maskIntegrationSecret, toIntegrationView } from './integration-view';

/** Connects a platform or model provider (owners). The secret is encrypted before it is stored. */
export const createIntegration = service(
  CreateIntegrationInput,
  assertOwner,
  async (ctx, parsed): Promise<IntegrationView> => {
    const id = ctx.newId('int');
    const now = ctx.now();
    const secretCiphertext = parsed.secret ? await ctx.secrets.encrypt(parsed.secret) : null;
    await conflictOnDuplicate(`an integration named "${parsed.name}" already exists`, async () => {
      await ctx.db.insert(integrations).values({
        id,
        workspaceId: ctx.workspaceId,
        kind: parsed.kind,
        name: parsed.name,
        baseUrl: parsed.baseUrl ?? defaultBaseUrl(parsed.kind),
        config: parsed.config ?? {},
        secretCiphertext,
        secretHint: parsed.secret ? maskIntegrationSecret(parsed.secret) : null,
        createdAt: now,
        updatedAt: now,
      });
    });
    return toIntegrationView(await getIntegrationOrThrow(ctx, id));
  },
);
