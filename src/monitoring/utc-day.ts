const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a instant in UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** [start, end) of a UTC day as Dates. */
export function dayBounds(day: string): { start: Date; end: Date } {
  const start = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime())) {
    throw new Error(`invalid day ${day}`);
  }
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(dayBounds(day).start.getTime() + days * DAY_MS));
}
