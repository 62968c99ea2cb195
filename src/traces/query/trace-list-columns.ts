import { z } from '@hono/zod-openapi';
import { type SQL, sql } from 'drizzle-orm';
import { traces } from '@/db/schema';

/** A metadata key as the list filters and columns take it. */
export const MetadataKey = z
  .string()
  .regex(/^[\w.-]{1,64}$/, 'a metadata key: letters, digits, _ . - (at most 64)');

/** A metadata value read in SQL (JSON text for arrays and objects). */
export const metadataValue = (key: string): SQL =>
  sql`json_extract(${traces.metadata}, ${`$."${key}"`})`;

/** The trace's session: the protocol's session id, else `session_id` / `sessionId` in metadata. */
export const sessionKey = sql<
  string | null
>`cast(coalesce(${traces.sessionId}, ${metadataValue('session_id')}, ${metadataValue('sessionId')}) as text)`;

/** The trace's user: the protocol's user id, else `user_id` / `userId` in metadata. */
export const userKey = sql<
  string | null
>`cast(coalesce(${traces.externalUserId}, ${metadataValue('user_id')}, ${metadataValue('userId')}) as text)`;

/** `columns=model,customer_tier`: at most 8 metadata keys whose values each listed trace carries. */
export const MetadataColumns = z
  .union([z.string().max(600), z.array(z.string().max(64)).max(8)])
  .transform((keys) => {
    const list = typeof keys === 'string' ? keys.split(',') : keys;
    return [...new Set(list.map((k) => k.trim()).filter(Boolean))];
  })
  .pipe(z.array(MetadataKey).max(8, 'at most 8 metadata columns'))
  .openapi({
    type: 'string',
    description: "Comma-separated metadata keys; each item's `meta` carries their values",
  });

export const MetaValues = z.record(z.string(), z.unknown()).openapi({
  description: 'The JSON values of the metadata keys asked for in `columns` (null: absent)',
});
export type MetaValues = z.infer<typeof MetaValues>;

/** One selected column holding the asked keys' values as a JSON object (null when none asked). */
export function metaColumn(keys: string[]): SQL<string | null> {
  if (keys.length === 0) {
    return sql<null>`null`;
  }
  const pairs = keys.map((key) => sql`${key}, ${metadataValue(key)}`);
  return sql<string>`json_object(${sql.join(pairs, sql`, `)})`;
}

export function parseMeta(text: string | null): MetaValues {
  return text ? (JSON.parse(text) as MetaValues) : {};
}
