import type { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import { idInInput, keyedService } from '@/core/service';
import { conflictOnDuplicate } from '@/db/errors';
import { inWorkspace } from '@/db/in-workspace';
import { integrations, type NewIntegration } from '@/db/schema';
import { getIntegrationOrThrow } from './get-integration-or-throw';
import { UpdateIntegrationInput } from './integration-input';
import { type IntegrationView, maskIntegrationSecret, toIntegrationView } from './integration-view';

/** Changes settings or replaces the secret (owners). */
export const updateIntegration = idInInput<z.input<typeof UpdateIntegrationInput>, IntegrationView>(
  keyedService(
    UpdateIntegrationInput,
    assertOwner,
    async (ctx, id, parsed): Promise<IntegrationView> => {
      const existing = await getIntegrationOrThrow(ctx, id);
      const patch: Partial<NewIntegration> = { updatedAt: ctx.now() };
      if (parsed.name !== undefined) {
        patch.name = parsed.name;
      }
      if (parsed.baseUrl !== undefined) {
        patch.baseUrl = parsed.baseUrl;
      }
      if (parsed.config !== undefined) {
        patch.config = parsed.config;
      }
      if (parsed.status !== undefined) {
        patch.status = parsed.status;
      }
      if (parsed.secret !== undefined) {
        patch.secretCiphertext =
          parsed.secret === null ? null : await ctx.secrets.encrypt(parsed.secret);
        patch.secretHint = parsed.secret === null ? null : maskIntegrationSecret(parsed.secret);
      }
      await conflictOnDuplicate(
        `an integration named "${parsed.name}" already exists`,
        async () => {
          await ctx.db
            .update(integrations)
            .set(patch)
            .where(inWorkspace(ctx, integrations, [eq(integrations.id, existing.id)]));
        },
      );
      return toIntegrationView(await getIntegrationOrThrow(ctx, existing.id));
    },
  ),
);
