import { z } from '@hono/zod-openapi';
import { INTEGRATION_KINDS, INTEGRATION_STATUSES } from '@/db/schema';

const DEFAULT_BASE_URLS: Record<(typeof INTEGRATION_KINDS)[number], string> = {
  langfuse: 'https://cloud.langfuse.com',
  langsmith: 'https://api.smith.langchain.com',
  phoenix: 'http://127.0.0.1:6006',
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
};

export function defaultBaseUrl(kind: (typeof INTEGRATION_KINDS)[number]): string {
  return DEFAULT_BASE_URLS[kind];
}

const baseUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .openapi({ description: 'Defaults per kind (e.g. https://cloud.langfuse.com)' });
const config = z
  .record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 settings')
  .openapi({ description: 'Non-secret settings: `publicKey` (Langfuse), `model`, `project`…' });
const secret = z
  .string()
  .min(1)
  .max(4000)
  .openapi({ description: 'API key or secret key; stored encrypted, never returned' });

export const CreateIntegrationInput = z
  .strictObject({
    kind: z.enum(INTEGRATION_KINDS),
    name: z.string().trim().min(1).max(100),
    baseUrl: baseUrl.optional(),
    config: config.optional(),
    secret: secret.optional(),
  })
  .openapi('CreateIntegrationInput');

export const UpdateIntegrationInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    baseUrl: baseUrl.nullable().optional(),
    config: config.optional(),
    secret: secret.nullable().optional().openapi({ description: 'null removes the secret' }),
    status: z.enum(INTEGRATION_STATUSES).optional(),
  })
  .openapi('UpdateIntegrationInput');
