import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, setCsrfToken } from '../lib/api';
import { navigate, useLocation } from '../lib/router';
import { SESSION_KEY, type Session } from '../lib/session';

/** Why a sign-in link did not sign in (`GET /login` redirects here with `?signin=`). */
const LINK_PROBLEMS: Record<string, string> = {
  used: 'That sign-in link was already used or has expired. Run npx iofold login in a terminal for a new one.',
  limited: 'Too many sign-in attempts from here; wait a minute and open the link again.',
};

export function LoginScreen() {
  const { pathname, search } = useLocation();
  const linkProblem = LINK_PROBLEMS[search.get('signin') ?? ''];
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    meta: { signIn: true },
    mutationFn: (input: { email: string; password: string }) =>
      api.post<Session>('/v1/auth/login', input),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(SESSION_KEY, session);
      if (pathname === '/login') {
        navigate('/', { replace: true });
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <main className="login">
      <div className="card">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            io
          </span>
          iofold
        </div>
        <h1 style={{ marginTop: 18 }}>Sign in</h1>
        <p className="muted" style={{ marginTop: 4 }}>
          Open a one-time login link (the one <code>npm start</code> printed, or a new one from{' '}
          <code>npx iofold login</code>, with <code>--url</code> for a deployed iofold), or sign in
          with your email and password.
        </p>
        {linkProblem ? (
          <p className="alert error" role="alert" style={{ marginTop: 16 }}>
            {linkProblem}
          </p>
        ) : null}
        {login.isError ? (
          <p className="alert error" role="alert" style={{ marginTop: 16 }}>
            {login.error.message}
          </p>
        ) : null}
        <form onSubmit={submit} aria-label="Sign in with password">
          <label className="field">
            Email
            <input
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            Password
            <input
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" className="btn primary" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
