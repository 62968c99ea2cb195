import type { JsonSchema } from '../registry/check-tool-schema';

type Shape = {
  types: Set<string>;
  /** Object values: per key, its shape and how many objects had it (non-null). */
  keys: Map<string, { shape: Shape; present: number }>;
  objects: number;
  items: Shape | null;
};

const emptyShape = (): Shape => ({ types: new Set(), keys: new Map(), objects: 0, items: null });

function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

function observe(shape: Shape, value: unknown) {
  const type = typeOf(value);
  shape.types.add(type);
  if (type === 'object') {
    shape.objects++;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const entry = shape.keys.get(key) ?? { shape: emptyShape(), present: 0 };
      shape.keys.set(key, entry);
      observe(entry.shape, item);
      if (item !== null && item !== undefined) {
        entry.present++;
      }
    }
  } else if (type === 'array') {
    shape.items ??= emptyShape();
    for (const item of value as unknown[]) {
      observe(shape.items, item);
    }
  }
}

function toSchema(shape: Shape): JsonSchema {
  const types = new Set(shape.types);
  if (types.has('integer') && types.has('number')) {
    types.delete('integer');
  }
  if (types.has('undefined')) {
    types.delete('undefined');
  }
  const list = [...types].sort();
  const schema: JsonSchema =
    list.length === 1 ? { type: list[0] } : list.length ? { type: list } : {};
  if (types.has('object')) {
    const keys = [...shape.keys.keys()].sort();
    schema.properties = Object.fromEntries(
      keys.map((k) => [k, toSchema(shape.keys.get(k)?.shape ?? emptyShape())]),
    );
    schema.required = keys.filter((k) => shape.keys.get(k)?.present === shape.objects);
  }
  if (types.has('array') && shape.items && shape.items.types.size > 0) {
    schema.items = toSchema(shape.items);
  }
  return schema;
}

/**
 * A draft input schema from a tool's recorded arguments: the JSON types seen per key (integer
 * widened to number when both occur), nested objects and arrays alike; a key is required when
 * every call gave it a non-null value. Arguments that are not JSON objects are ignored.
 */
export function inferToolSchema(argumentsSeen: unknown[]): JsonSchema {
  const shape = emptyShape();
  for (const args of argumentsSeen) {
    if (args && typeof args === 'object' && !Array.isArray(args)) {
      observe(shape, args);
    }
  }
  if (shape.objects === 0) {
    return { type: 'object', properties: {}, required: [] };
  }
  return { ...toSchema({ ...shape, types: new Set(['object']) }), type: 'object' };
}
