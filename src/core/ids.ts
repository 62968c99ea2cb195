/** Each byte's two base-36 digits (0 to 255: "00" to "73"). */
const BYTE_DIGITS = Array.from({ length: 256 }, (_, b) => b.toString(36).padStart(2, '0'));
/** Random bytes drawn in blocks (one web crypto call per 409 ids, not one per id), each used once. */
const pool = new Uint8Array(4096);
let used = pool.length;

/** Sortable, collision-safe ids: a millisecond timestamp prefix plus 80 random bits (web crypto). */
export function newId(prefix?: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  if (used + 10 > pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  let random = '';
  for (let i = used; i < used + 10; i++) {
    random += BYTE_DIGITS[pool[i] as number];
  }
  used += 10;
  return prefix ? `${prefix}_${time}${random}` : `${time}${random}`;
}

export type IdFactory = (prefix?: string) => string;
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
