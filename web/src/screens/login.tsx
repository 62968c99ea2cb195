import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../lib/api';
import { navigate, useLocation } from '../lib/router';
import { rememberCsrf } from '../lib/session';

type LoginInput = { token: string } | { email: string; password: string };

export function LoginScreen() {
  const { search } = useLocation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: (input: LoginInput) => api.post<{ csrfToken?: string }>('/v1/auth/login', input),
    onSuccess: async (result) => {
      rememberCsrf(result?.csrfToken ?? null);
      await queryClient.resetQueries({ queryKey: ['me'] });
      const next = search.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    },
  });
  const token = search.get('token');
  const tried = useRef(false);
  useEffect(() => {
    if (token && !tried.current) {
      tried.current = true;
      login.mutate({ token });
    }
  }, [token, login]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };

  return (
    <div className="login">
      <div className="card">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            io
          </span>
          iofold
        </div>
        <h1 style={{ marginTop: 18 }}>Sign in</h1>
        <p className="muted" style={{ marginTop: 4 }}>
          Open the one-time link that <code>npm start</code> printed, or use your password.
        </p>
        {token && login.isPending ? (
          <p className="alert" role="status" style={{ marginTop: 16 }}>
            Signing you in with the link…
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
    </div>
  );
}
