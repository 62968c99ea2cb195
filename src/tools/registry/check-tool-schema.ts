import { z } from '@hono/zod-openapi';
import { jsonRefs } from '@/core/json-refs';

export type JsonSchema = Record<string, unknown>;

/** Largest input schema a tool may register (serialised JSON). */
export const MAX_TOOL_SCHEMA_BYTES = 64 * 1024;

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;
const TypeName = z.enum(TYPES, { error: `must be one of ${TYPES.join(', ')}` });

// The keywords a model-facing tool schema uses, checked for shape; other keywords pass through.
const SchemaNode: z.ZodType = z.lazy(() =>
  z.union([
    z.boolean(),
    z.looseObject({
      type: z.union([TypeName, z.array(TypeName).min(1)]).optional(),
      properties: z.record(z.string(), SchemaNode).optional(),
      required: z.array(z.string()).optional(),
      items: z.union([SchemaNode, z.array(SchemaNode)]).optional(),
      additionalProperties: SchemaNode.optional(),
      enum: z.array(z.unknown()).min(1).optional(),
      anyOf: z.array(SchemaNode).min(1).optional(),
      oneOf: z.array(SchemaNode).min(1).optional(),
      allOf: z.array(SchemaNode).min(1).optional(),
      not: SchemaNode.optional(),
      $defs: z.record(z.string(), SchemaNode).optional(),
      definitions: z.record(z.string(), SchemaNode).optional(),
      $ref: z.string().optional(),
      description: z.string().optional(),
    }),
  ]),
);

const pathOf = (path: PropertyKey[]) =>
  ['inputSchema', ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].join('.');

type Issue = { path: PropertyKey[]; message: string; errors?: Issue[][] };

/** A union's own message says nothing: report the deepest issue of its closest branch. */
function deepest(issues: Issue[], base: PropertyKey[]): Issue | undefined {
  let best: Issue | undefined;
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const inner = issue.errors?.map((branch) => deepest(branch, path)) ?? [];
    const candidate = inner.reduce<Issue | undefined>(
      (a, b) => (b && (!a || b.path.length > a.path.length) ? b : a),
      undefined,
    ) ?? { ...issue, path };
    if (!best || candidate.path.length > best.path.length) {
      best = candidate;
    }
  }
  return best;
}

function resolvePointer(root: unknown, ref: string): boolean {
  let node = root;
  for (const raw of ref.slice(2).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !(key in node)) {
      return false;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * Why a tool's input schema cannot be used, or null when it can: a JSON Schema object of
 * `type: "object"` (what MCP and every model API require), well-formed keywords, only local
 * `$ref`s that resolve, at most 64 KB.
 */
export function toolSchemaProblem(schema: unknown): string | null {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    return 'inputSchema must be a JSON Schema object';
  }
  const bytes = new TextEncoder().encode(JSON.stringify(schema)).length;
  if (bytes > MAX_TOOL_SCHEMA_BYTES) {
    return `inputSchema is ${bytes} bytes; the limit is ${MAX_TOOL_SCHEMA_BYTES}`;
  }
  if ((schema as JsonSchema).type !== 'object') {
    return 'inputSchema.type must be "object" (tool arguments are a JSON object)';
  }
  const parsed = SchemaNode.safeParse(schema);
  if (!parsed.success) {
    const issue = deepest(parsed.error.issues, []);
    return issue ? `${pathOf(issue.path)}: ${issue.message}` : 'inputSchema is not valid';
  }
  for (const ref of jsonRefs(schema)) {
    if (!ref.startsWith('#')) {
      return `inputSchema: $ref "${ref}" is not local (only "#/..." references are allowed)`;
    }
    if (!resolvePointer(schema, ref)) {
      return `inputSchema: $ref "${ref}" does not resolve`;
    }
  }
  return null;
}
