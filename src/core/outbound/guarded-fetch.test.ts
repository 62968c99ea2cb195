import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { addressPolicyFrom, refusedAddress } from './address-policy';
import { createGuardedFetch } from './guarded-fetch';

const deny = addressPolicyFrom(undefined);
const fakeDns = async (host: string) =>
  ({ 'evil.example': ['93.184.216.34', '10.0.0.5'], 'public.example': ['93.184.216.34'] })[host] ??
  [];

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    'fd00:ec2::254',
    'fe80::1',
  ])('refuses %s by default', (ip) => {
    expect(refusedAddress(ip, deny)).toMatch(/loopback, private, link-local or metadata/);
  });

  it.each(['93.184.216.34', '1.1.1.1', '172.32.0.1', '2606:4700::1111'])(
    'lets %s through',
    (ip) => {
      expect(refusedAddress(ip, deny)).toBeNull();
    },
  );

  it('allows everything with IOFOLD_ALLOW_PRIVATE_NETWORKS=true, or only the listed ranges', () => {
    expect(refusedAddress('10.1.2.3', addressPolicyFrom('true'))).toBeNull();
    const lan = addressPolicyFrom('192.168.10.0/24, fd12::/16');
    expect(refusedAddress('192.168.10.7', lan)).toBeNull();
    expect(refusedAddress('fd12::9', lan)).toBeNull();
    expect(refusedAddress('192.168.11.7', lan)).not.toBeNull();
    expect(refusedAddress('169.254.169.254', lan)).not.toBeNull();
    expect(() => addressPolicyFrom('not-a-range')).toThrow();
  });
});

describe('guarded fetch', () => {
  let url = '';
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.url} ${req.headers.authorization ?? '-'}`);
    if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
    } else if (req.url === '/to-self') {
      res.writeHead(301, { location: '/ok' });
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' });
    }
    res.end('ok');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: unknown) => (isAppError(e) ? `${e.code}: ${e.message}` : String(e)),
    );

  it('refuses loopback before connecting, and a name that resolves to a private address', async () => {
    const guarded = createGuardedFetch({ policy: deny, resolve: fakeDns });
    expect(
      await refusal(guarded(`${url}/ok`, { headers: { authorization: 'Bearer secret' } })),
    ).toMatch(/^FORBIDDEN: refused to call http:\/\/127\.0\.0\.1/);
    expect(await refusal(guarded('http://evil.example/'))).toMatch(
      /10\.0\.0\.5 is a loopback, private/,
    );
    expect(await refusal(createGuardedFetch({ policy: deny })('http://localhost:9/'))).toMatch(
      /FORBIDDEN/,
    );
    expect(hits).toEqual([]);
  });

  it('checks every redirect: a hop to the metadata address is refused, and same-origin hops are followed', async () => {
    const local = createGuardedFetch({ policy: addressPolicyFrom('127.0.0.0/8') });
    expect(
      await refusal(local(`${url}/to-metadata`, { headers: { authorization: 'Bearer secret' } })),
    ).toMatch(/169\.254\.169\.254 is a loopback, private, link-local or metadata address/);
    const followed = await local(`${url}/to-self`, { headers: { authorization: 'Bearer s' } });
    expect(followed.status).toBe(200);
    expect(hits).toEqual(['/to-metadata Bearer secret', '/to-self Bearer s', '/ok Bearer s']);
  });
});
