import { z } from '@hono/zod-openapi';
import { ERROR_CODES } from '@/core/errors';

const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorContent = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorResponse } },
});

/** The error responses every authenticated route may answer; spread into `responses`. */
export const errorResponses = {
  400: errorContent('Invalid request (see error.details.issues)'),
  401: errorContent('Missing, wrong or revoked credential'),
  403: errorContent('The role or CSRF token does not allow this'),
  404: errorContent('Not found in this workspace'),
  409: errorContent('Conflicts with existing data'),
  412: errorContent(
    'The state of what it acts on does not allow it yet (the message says what to do first)',
  ),
  413: errorContent('Request body too large'),
  422: errorContent('Well-formed but cannot be done with this data (details say the minimum)'),
  429: errorContent('Rate limited'),
} as const;

/** `request.body` for a JSON route: required, so a missing body or a wrong content type is a 4xx. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** A `responses` entry for a JSON answer. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * The one list shape: `{ data, nextCursor }` (`Page` in `@/core/page`). Lists that are never paged
 * answer `nextCursor: null`; pass the next page's `nextCursor` back as `cursor`.
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Cursor of the next page; null on the last page' }),
  });
}

/** Path parameters by name (`/agents/{id}/versions/{versionId}` → `pathParams('id', 'versionId')`). */
export function pathParams<const K extends string>(...names: K[]) {
  const shape = Object.fromEntries(
    names.map((name) => [
      name,
      z
        .string()
        .min(1)
        .max(100)
        .openapi({ param: { name, in: 'path' } }),
    ]),
  ) as Record<K, z.ZodString>;
  return z.object(shape);
}

/** Path parameter `{id}`. */
export const IdParam = pathParams('id');

/** Every route declares which credentials it accepts in the OpenAPI document. */
export const authenticated: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];

/** Dates travel as ISO-8601 strings. */
export const IsoDate = z.string().openapi({ format: 'date-time', example: '2026-11-27T09:00:00Z' });

export function iso(date: Date): string;
export function iso(date: Date | null): string | null;
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** A row's field as its view may take it: a date where the view has an ISO string. */
type RowField<V> = string extends V ? V | Date : V;

/**
 * A row as the view `schema` shows it: only the fields the schema names (a row's secrets and
 * internals never leave), in the schema's order, dates as ISO-8601 strings.
 */
export function viewOf<S extends z.ZodObject>(
  schema: S,
  row: { [K in keyof z.infer<S>]: RowField<z.infer<S>[K]> },
): z.infer<S> {
  const source = row as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(schema.shape).map((key) => {
      const value = source[key];
      return [key, value instanceof Date ? value.toISOString() : value];
    }),
  ) as z.infer<S>;
}
