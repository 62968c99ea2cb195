/**
 * Sets `record[key]` as an own data property, also for the key `__proto__` (which assignment
 * would take for the record's prototype): keys come from requests.
 */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    record[key] = value;
  }
}

/** `Object.assign(target, source)` that copies an own `__proto__` key as a key (see `setOwn`). */
export function assignOwn(target: Record<string, unknown>, source: object): void {
  if (!Object.hasOwn(source, '__proto__')) {
    Object.assign(target, source);
    return;
  }
  for (const key of Object.keys(source)) {
    setOwn(target, key, (source as Record<string, unknown>)[key]);
  }
}
