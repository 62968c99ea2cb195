/** Every `$ref` string in a JSON document (a JSON Schema, an OpenAPI document), in document order. */
export function jsonRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) {
      jsonRefs(item, found);
    }
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        found.push(value);
      } else {
        jsonRefs(value, found);
      }
    }
  }
  return found;
}
