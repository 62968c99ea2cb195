import { setOwn } from '@/core/own-keys';
import { isRecord } from '../../to-eval-messages';

/** An OTLP AnyValue (JSON or decoded protobuf shape) as a plain JS value. */
function fromAnyValue(value: unknown, depth = 0): unknown {
  if (!isRecord(value) || depth > 32) {
    return null;
  }
  if ('stringValue' in value) {
    return value.stringValue;
  }
  if ('boolValue' in value) {
    return value.boolValue;
  }
  if ('intValue' in value) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if ('doubleValue' in value) {
    return Number(value.doubleValue);
  }
  if ('arrayValue' in value) {
    const values = isRecord(value.arrayValue) ? value.arrayValue.values : undefined;
    return Array.isArray(values) ? values.map((v) => fromAnyValue(v, depth + 1)) : [];
  }
  if ('kvlistValue' in value) {
    const values = isRecord(value.kvlistValue) ? value.kvlistValue.values : undefined;
    return keyValuesToObject(values, depth + 1);
  }
  if ('bytesValue' in value) {
    return value.bytesValue;
  }
  return null;
}

/** A list of OTLP KeyValue pairs as an object; entries without a string key are skipped. */
export function keyValuesToObject(list: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) {
    return out;
  }
  for (const kv of list) {
    if (isRecord(kv) && typeof kv.key === 'string') {
      setOwn(out, kv.key, fromAnyValue(kv.value, depth));
    }
  }
  return out;
}

/**
 * Dotted keys under `prefix` as a nested value; objects whose keys are all indexes become arrays.
 * Only own properties are walked and written: a segment such as `__proto__` or `constructor` is
 * a key like any other, never a way into a prototype.
 */
export function unflatten(attrs: Record<string, unknown>, prefix: string): unknown {
  let root: Record<string, unknown> | undefined;
  for (const key of Object.keys(attrs)) {
    if (!key.startsWith(prefix)) {
      continue;
    }
    root ??= {};
    let node = root;
    let start = prefix.length;
    for (let dot = key.indexOf('.', start); dot >= 0; dot = key.indexOf('.', start)) {
      const segment = key.slice(start, dot);
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (isRecord(next)) {
        node = next;
      } else {
        const created: Record<string, unknown> = {};
        setOwn(node, segment, created);
        node = created;
      }
      start = dot + 1;
    }
    setOwn(node, key.slice(start), attrs[key]);
  }
  return root === undefined ? undefined : arraysFromIndexes(root);
}

function isIndex(key: string): boolean {
  if (key.length === 0) {
    return false;
  }
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) {
      return false;
    }
  }
  return true;
}

function arraysFromIndexes(value: unknown): unknown {
  if (!isRecord(value)) {
    return value;
  }
  const keys = Object.keys(value);
  const mapped: Record<string, unknown> = {};
  let indexes = keys.length > 0;
  for (const k of keys) {
    setOwn(mapped, k, arraysFromIndexes(value[k]));
    indexes &&= isIndex(k);
  }
  if (indexes) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => mapped[String(k)]);
  }
  return mapped;
}
