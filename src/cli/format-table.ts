export type Column<T> = { header: string; value: (row: T) => unknown; maxWidth?: number };

/** A plain aligned text table (no colours, no box drawing), for human output of list commands. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  if (rows.length === 0) {
    return '(none)\n';
  }
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row), c.maxWidth ?? 60)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n')}\n`;
}

function cell(value: unknown, maxWidth: number): string {
  let text: string;
  if (value === null || value === undefined) {
    text = '-';
  } else if (value instanceof Date) {
    text = value.toISOString().slice(0, 19).replace('T', ' ');
  } else if (typeof value === 'object') {
    text = JSON.stringify(value);
  } else {
    text = String(value);
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
}
