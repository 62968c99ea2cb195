import { expect } from 'vitest';
import { type RunResult, runIofold } from './run-iofold';

export type FirstOwnerHost = {
  url: string;
  setupToken: string;
  /** Moves every unused sign-in link of the user with `email` into the past. */
  expireLoginLinks(email: string): Promise<void>;
};

// biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response shapes
type Answer = { status: number; body: any; cookie: string | null; location: string | null };

async function send(
  url: string,
  init: { method?: string; body?: unknown; cookie?: string; csrf?: string; key?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  if (init.cookie) {
    headers.cookie = init.cookie;
  }
  if (init.csrf) {
    headers['x-csrf-token'] = init.csrf;
  }
  if (init.key) {
    headers.authorization = `Bearer ${init.key}`;
  }
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    redirect: 'manual',
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? null;
  return { status: response.status, body, cookie, location: response.headers.get('location') };
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response shapes
async function cli(args: string[]): Promise<RunResult & { json: any }> {
  const result = await runIofold(args);
  expect(result.code, result.stderr).toBe(0);
  return { ...result, json: args.includes('--json') ? JSON.parse(result.stdout) : null };
}

/**
 * A fresh deployment as a team meets it: the setup token creates the first owner (then setup
 * closes), password set, change and sign-in, `iofold keys … --url` and `iofold login --url` with
 * the owner's key, and a new link for a member whose first link expired.
 */
export async function runFirstOwnerScenario(host: FirstOwnerHost): Promise<void> {
  const at = (path: string) => `${host.url}${path}`;
  const owner = { email: 'ada@example.com', password: 'first password 1' };

  expect((await send(at('/v1/auth/setup'))).body.open).toBe(true);
  const page = await send(at('/setup'));
  expect(page.status).toBe(200);
  expect(page.body).toContain('name="token"');

  const setup = {
    token: host.setupToken,
    email: 'Ada@Example.com',
    name: 'Ada',
    password: owner.password,
    workspace: 'Acme',
  };
  expect((await send(at('/v1/auth/setup'), { body: { ...setup, token: 'wrong' } })).status).toBe(
    401,
  );
  expect((await send(at('/v1/auth/setup'), { body: { ...setup, password: 'short' } })).status).toBe(
    400,
  );
  const done = await send(at('/v1/auth/setup'), { body: setup });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  expect(done.body.session.user.email).toBe(owner.email);
  expect(done.body.session.workspace).toMatchObject({ name: 'Acme', slug: 'acme', role: 'owner' });
  expect(done.cookie).toMatch(/^iofold_session=/);
  const ownerKey: string = done.body.secretKey;

  // Closed once an owner exists, even with the right token.
  const again = await send(at('/v1/auth/setup'), { body: { ...setup, email: 'eve@example.com' } });
  expect(again.status).toBe(409);
  expect((await send(at('/v1/auth/setup'))).body.open).toBe(false);
  expect((await send(at('/setup'))).status).toBe(409);

  // Password sign-in, then a change that needs the current password.
  const login = (email: string, password: string) =>
    send(at('/v1/auth/login'), { body: { email, password } });
  const signedIn = await login(owner.email, owner.password);
  expect(signedIn.status).toBe(200);
  const session = { cookie: signedIn.cookie ?? '', csrf: signedIn.body.csrfToken as string };
  const change = (body: object, auth = session) =>
    send(at('/v1/auth/password'), { method: 'PUT', body, ...auth });
  expect(
    (await change({ newPassword: 'second password 2' }, { ...session, csrf: '' })).status,
  ).toBe(403);
  expect((await change({ newPassword: 'second password 2' })).status).toBe(401);
  expect((await change({ currentPassword: 'nope', newPassword: 'second password 2' })).status).toBe(
    401,
  );
  expect(
    (await change({ currentPassword: owner.password, newPassword: 'second password 2' })).status,
  ).toBe(200);
  expect((await login(owner.email, owner.password)).status).toBe(401);
  expect((await login(owner.email, 'second password 2')).status).toBe(200);

  // The CLI against the deployment with the owner's key.
  const remote = ['--url', host.url, '--key', ownerKey];
  const created = await cli([
    'keys',
    'create',
    '--name',
    'ci',
    '--role',
    'member',
    '--json',
    ...remote,
  ]);
  expect(created.json.workspaceId).toBe(done.body.session.workspace.id);
  const ciKey: string = created.json.secretKey;
  expect((await send(at('/v1/me'), { key: ciKey })).status).toBe(200);
  const listed = await cli(['keys', 'list', '--json', ...remote]);
  expect(listed.json.data.map((k: { name: string }) => k.name).sort()).toEqual(['ci', 'setup']);
  // A member key cannot mint sign-in links or keys.
  const members = await send(at('/v1/members'), { key: ownerKey });
  const adaId = members.body.data[0].userId;
  expect(
    (await send(at(`/v1/members/${adaId}/login-link`), { method: 'POST', key: ciKey })).status,
  ).toBe(403);
  await cli(['keys', 'revoke', created.json.apiKey.id, '--yes', ...remote]);
  expect((await send(at('/v1/me'), { key: ciKey })).status).toBe(401);

  // A member whose first link expired gets a new one from the owner.
  const added = await send(at('/v1/members'), { body: { email: 'bo@example.com' }, key: ownerKey });
  expect(added.status).toBe(201);
  await host.expireLoginLinks('bo@example.com');
  // A link that cannot sign in sends the browser to the sign-in page with the reason, no session.
  const expired = await send(at(`/login?token=${added.body.loginToken}`));
  expect(expired.status).toBe(303);
  expect(expired.location).toBe('/?signin=used');
  expect(expired.cookie).toBeFalsy();
  const link = await cli([
    'login',
    '--email',
    'bo@example.com',
    '--next',
    '/review',
    '--json',
    ...remote,
  ]);
  expect(link.json.url.startsWith(`${host.url}/login?token=`)).toBe(true);
  const opened = await send(link.json.url);
  expect(opened.status).toBe(303);
  expect(opened.location).toBe('/review');
  const bo = await send(at('/v1/auth/session'), { cookie: opened.cookie ?? '' });
  expect(bo.body.user.email).toBe('bo@example.com');
  expect(bo.body.workspace.slug).toBe('acme');
  const reused = await send(link.json.url);
  expect(reused.location).toBe('/?signin=used');
  expect(reused.cookie).toBeFalsy();

  // The member sets a first password (no current one) and signs in with it.
  const boSession = { cookie: opened.cookie ?? '', csrf: bo.body.csrfToken as string };
  expect((await change({ newPassword: 'bo password 123' }, boSession)).status).toBe(200);
  expect((await login('bo@example.com', 'bo password 123')).status).toBe(200);
}
