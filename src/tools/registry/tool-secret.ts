import type { Ctx } from '@/core/context';

/** A tool's secret headers or env as kept in its row: ciphertext, absent when there are none. */
export async function encryptToolSecret(
  ctx: Pick<Ctx, 'secrets'>,
  values: Record<string, string> | undefined,
): Promise<string | undefined> {
  return values && Object.keys(values).length > 0
    ? ctx.secrets.encrypt(JSON.stringify(values))
    : undefined;
}

/** The headers or env of `encryptToolSecret`'s ciphertext; undefined when none were stored. */
export async function decryptToolSecret(
  ctx: Pick<Ctx, 'secrets'>,
  secret: string | undefined,
): Promise<Record<string, string> | undefined> {
  return secret
    ? (JSON.parse(await ctx.secrets.decrypt(secret)) as Record<string, string>)
    : undefined;
}
