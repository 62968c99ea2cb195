import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '@/api/env';
import { clientAddress, setSessionCookie } from '@/api/session-cookie';
import { isAppError } from '@/core/errors';
import { getSetupState, SetupInput, setupFirstOwner } from './setup-first-owner';
import { takeLoginToken } from './sign-in';
import { startSession } from './start-session';

const page = (body: unknown) => html`<!doctype html>
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Set up iofold</title>
      <style>
        body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; }
        label { display: block; margin-top: 1rem; } input { width: 100%; padding: .4rem; }
        button { margin-top: 1.5rem; padding: .5rem 1rem; } code { word-break: break-all; }
        .error { color: #a00; }
      </style>
    </head>
    <body>
      <h1>Set up iofold</h1>
      ${body}
    </body>
  </html>`;

const form = (message: string, error?: string) => html`<p>${message}</p>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <form method="post" action="/setup">
    <label>Setup token <input name="token" type="password" required autocomplete="off" /></label>
    <label>Your email <input name="email" type="email" required autocomplete="email" /></label>
    <label>Your name <input name="name" autocomplete="name" /></label>
    <label>Password (at least 10 characters)
      <input name="password" type="password" minlength="10" required autocomplete="new-password" />
    </label>
    <label>Workspace name <input name="workspace" value="Default" required /></label>
    <button type="submit">Create the owner</button>
  </form>`;

/**
 * `/setup`: the one-time page of a fresh deployment (needs `IOFOLD_SETUP_TOKEN`). It creates the
 * first owner and workspace, signs the owner in and shows an owner API key once; once an owner
 * exists it only says so.
 */
export const setupPageRoutes = new Hono<AppEnv>()
  .get('/setup', async (c) => {
    const state = await getSetupState(c.get('deps'));
    c.header('cache-control', 'no-store');
    return c.html(
      page(
        state.open
          ? form(state.message)
          : html`<p>${state.message}.</p><a href="/">Open the dashboard</a>`,
      ),
      state.open ? 200 : 409,
    );
  })
  .post('/setup', async (c) => {
    c.header('cache-control', 'no-store');
    const deps = c.get('deps');
    const fields = await c.req.parseBody();
    const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : undefined);
    const input = SetupInput.safeParse({
      token: text('token') ?? '',
      email: text('email') ?? '',
      name: text('name') || undefined,
      password: text('password') ?? '',
      workspace: text('workspace') || undefined,
    });
    if (!input.success) {
      const problems = input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      return c.html(page(form('Please correct the form.', problems.join('; '))), 400);
    }
    try {
      takeLoginToken(c, `ip:${clientAddress(c)}`);
      const done = await setupFirstOwner(deps, input.data);
      const session = await startSession(deps, done.userId);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.html(
        page(html`<p>You are the owner of workspace <b>${done.slug}</b> and signed in.</p>
          <p>An owner API key for the CLI and SDKs, shown only now:</p>
          <p><code>${done.secretKey}</code></p>
          <p><a href="/">Open the dashboard</a></p>`),
        201,
      );
    } catch (error) {
      if (!isAppError(error)) {
        throw error;
      }
      const state = await getSetupState(deps);
      const body = state.open ? form(state.message, error.message) : html`<p>${error.message}</p>`;
      return c.html(
        page(body),
        error.code === 'CONFLICT' ? 409 : error.code === 'LIMIT_EXCEEDED' ? 429 : 400,
      );
    }
  });
