/** An ISO time as epoch ms; a time without a zone is UTC (LangSmith, Phoenix). Null if unreadable. */
export function timeMillis(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') {
    return null;
  }
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  return Number.isNaN(t) ? null : t;
}

export function laterOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
