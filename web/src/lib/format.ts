const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function formatAgo(value: string | number | Date | null | undefined, now = Date.now()) {
  if (value === null || value === undefined) {
    return '—';
  }
  const t = new Date(value).getTime();
  const seconds = Math.round((t - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) {
    return relative.format(seconds, 'second');
  }
  if (abs < 3600) {
    return relative.format(Math.round(seconds / 60), 'minute');
  }
  if (abs < 86_400) {
    return relative.format(Math.round(seconds / 3600), 'hour');
  }
  if (abs < 30 * 86_400) {
    return relative.format(Math.round(seconds / 86_400), 'day');
  }
  return dateTime.format(t);
}

export function formatDateTime(value: string | number | Date | null | undefined) {
  return value === null || value === undefined ? '—' : dateTime.format(new Date(value));
}

export function formatDuration(ms: number | null | undefined) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  }
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatCount(n: number | null | undefined) {
  return n === null || n === undefined ? '—' : compact.format(n);
}

export function formatPercent(x: number | null | undefined, digits = 0) {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

export function formatNumber(x: number | null | undefined, digits = 2) {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
}
