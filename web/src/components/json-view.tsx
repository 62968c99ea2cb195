export function toText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

export function JsonView({ value, label }: { value: unknown; label?: string }) {
  const text = toText(value);
  if (!text) {
    return <span className="muted">—</span>;
  }
  return (
    <pre className="code" title={label}>
      {text}
    </pre>
  );
}
