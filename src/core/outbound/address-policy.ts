/**
 * Which network addresses outbound requests (integrations, model providers) may reach: public
 * ones only, unless the host allows private networks (all of them, or a list of CIDR ranges).
 */
export type AddressPolicy = { allowAll: boolean; allowed: Cidr[] };
type Cidr = { bytes: number[]; bits: number };

const BLOCKED = [
  '0.0.0.0/8', // "this" network
  '10.0.0.0/8',
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, cloud metadata (169.254.169.254)
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/3', // multicast, reserved, broadcast
  '::/128',
  '::1/128',
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'ff00::/8', // multicast
].map(parseCidr);

/** IPv4 or IPv6 text as bytes (4 or 16); null when it is not an IP address. */
export function ipBytes(text: string): number[] | null {
  const ip = text.replace(/^\[|\]$/g, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    return parts.every((p) => p <= 255) ? parts : null;
  }
  if (!ip.includes(':') || !/^[0-9a-f:.]+$/i.test(ip)) {
    return null;
  }
  const [head = '', tail = ''] = ip.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const toWords = (list: string[]) =>
    list.flatMap((g) => {
      if (g.includes('.')) {
        const v4 = ipBytes(g);
        if (v4?.length !== 4) {
          return [Number.NaN];
        }
        const [a = 0, b = 0, c = 0, d = 0] = v4;
        return [(a << 8) | b, (c << 8) | d];
      }
      return [Number.parseInt(g, 16)];
    });
  const left = toWords(groups(head));
  const right = toWords(groups(tail));
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (!ip.includes('::') && missing !== 0)) {
    return null;
  }
  const words = [...left, ...new Array(missing).fill(0), ...right];
  if (words.some((w) => Number.isNaN(w) || w < 0 || w > 0xffff)) {
    return null;
  }
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function parseCidr(text: string): Cidr {
  const [ip = '', bits] = text.trim().split('/');
  const bytes = ipBytes(ip);
  if (!bytes) {
    throw new Error(`not a CIDR range: ${text}`);
  }
  const max = bytes.length * 8;
  const n = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new Error(`not a CIDR range: ${text}`);
  }
  return { bytes, bits: n };
}

function inRange(bytes: number[], range: Cidr): boolean {
  if (bytes.length !== range.bytes.length) {
    return false;
  }
  for (let bit = 0; bit < range.bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if (((bytes[bit >> 3] ?? 0) & mask) !== ((range.bytes[bit >> 3] ?? 0) & mask)) {
      return false;
    }
  }
  return true;
}

/** IPv4-mapped and NAT64 IPv6 addresses are judged as the IPv4 address they carry. */
function unmapped(bytes: number[]): number[] {
  const mapped =
    bytes.length === 16 &&
    bytes.slice(0, 10).every((b) => b === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** `IOFOLD_ALLOW_PRIVATE_NETWORKS`: unset, `true` (every address), or CIDR ranges separated by commas. */
export function addressPolicyFrom(setting: string | undefined): AddressPolicy {
  const value = (setting ?? '').trim();
  if (value === '' || value === 'false' || value === '0') {
    return { allowAll: false, allowed: [] };
  }
  if (value === 'true' || value === '1' || value === '*') {
    return { allowAll: true, allowed: [] };
  }
  return { allowAll: false, allowed: value.split(',').filter(Boolean).map(parseCidr) };
}

/** Null when the address may be reached, else why not (loopback, private, link-local, metadata…). */
export function refusedAddress(ip: string, policy: AddressPolicy): string | null {
  const raw = ipBytes(ip);
  if (!raw) {
    return `${ip} is not an IP address`;
  }
  const bytes = unmapped(raw);
  if (
    policy.allowAll ||
    policy.allowed.some((range) => inRange(bytes, range) || inRange(raw, range))
  ) {
    return null;
  }
  const blocked = BLOCKED.find((range) => inRange(bytes, range));
  return blocked
    ? `${ip} is a loopback, private, link-local or metadata address; set IOFOLD_ALLOW_PRIVATE_NETWORKS to allow it`
    : null;
}
