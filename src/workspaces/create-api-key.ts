import { z } from '@hono/zod-openapi';
import { newApiKeyMaterial } from '@/auth/api-key-format';
import { actingUserId, assertOwner } from '@/auth/assert-role';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import { apiKeys, MEMBER_ROLES } from '@/db/schema';
import { ApiKeyView, toApiKeyView } from './api-key-view';

export const CreateApiKeyInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    role: z.enum(MEMBER_ROLES).default('member'),
  })
  .openapi('CreateApiKeyInput');
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export const CreatedApiKey = z
  .object({
    apiKey: ApiKeyView,
    secretKey: z.string().openapi({ description: 'Shown once; only its hash is stored.' }),
  })
  .openapi('CreatedApiKey');
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** Creates a workspace API key (owners only). The secret is returned here and never again. */
export const createApiKey = service(
  CreateApiKeyInput,
  assertOwner,
  async (ctx, parsed): Promise<CreatedApiKey> => {
    const material = await newApiKeyMaterial();
    const [row] = await ctx.db
      .insert(apiKeys)
      .values({
        id: ctx.newId('key'),
        workspaceId: ctx.workspaceId,
        name: parsed.name,
        publicKey: material.publicKey,
        secretHash: material.secretHash,
        secretHint: material.secretHint,
        role: parsed.role,
        createdBy: actingUserId(ctx),
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) {
      throw new AppError('INTERNAL', 'api key insert returned nothing');
    }
    return { apiKey: toApiKeyView(row), secretKey: material.secret };
  },
);
