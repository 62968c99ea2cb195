import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import type { Tool } from '@/db/schema';
import { registerTool } from '../registry/register-tools';
import { encryptToolSecret } from '../registry/tool-secret';

/** A webhook tool's settings in its row: the URL in the clear, headers encrypted. */
export type WebhookToolConfig = { url: string; secret?: string };

/**
 * Registers an HTTP webhook tool (origin `http`): the URL it POSTs the arguments to and the
 * headers it sends (encrypted at rest). The schema is checked as for every tool.
 */
export async function registerWebhookTool(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'newId' | 'now' | 'secrets'>,
  input: {
    name: string;
    description?: string;
    inputSchema: unknown;
    url: string;
    headers?: Record<string, string>;
    readOnly?: boolean;
  },
): Promise<Tool> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new AppError('VALIDATION', `webhook URL ${input.url} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('VALIDATION', `webhook URL must be http or https, not ${url.protocol}`);
  }
  const secret = await encryptToolSecret(ctx, input.headers);
  const config: WebhookToolConfig = { url: url.toString(), ...(secret ? { secret } : {}) };
  return registerTool(ctx, {
    origin: 'http',
    tool: {
      name: input.name,
      description: input.description,
      inputSchema: input.inputSchema,
      readOnly: input.readOnly,
      config,
    },
  });
}
