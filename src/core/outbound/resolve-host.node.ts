import { lookup } from 'node:dns/promises';
import type { ResolveHost } from './guarded-fetch';

/** Every address DNS gives for a host name (IPv4 and IPv6), as the guarded fetch checks them. */
export const resolveHost: ResolveHost = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
};
