/** Sortable, collision-safe ids: a millisecond timestamp prefix plus 80 random bits (web crypto). */
export function newId(prefix?: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let random = '';
  for (const b of bytes) {
    random += b.toString(36).padStart(2, '0');
  }
  return prefix ? `${prefix}_${time}${random}` : `${time}${random}`;
}

export type IdFactory = (prefix?: string) => string;
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
