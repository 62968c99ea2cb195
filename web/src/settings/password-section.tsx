import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api';

const MIN_LENGTH = 10;

/** Sets the signed-in user's first password, or changes it with the current one (`PUT /v1/auth/password`). */
export function PasswordSection({ email }: { email: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const save = useMutation({
    mutationFn: (input: { currentPassword?: string; newPassword: string }) =>
      api.put('/v1/auth/password', input),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });
  const mismatch = repeat !== '' && repeat !== next;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) {
      return;
    }
    save.mutate({ ...(current ? { currentPassword: current } : {}), newPassword: next });
  };
  return (
    <section className="card" aria-labelledby="password-title">
      <div className="card-header">
        <h2 id="password-title">Your password</h2>
      </div>
      <form className="card-body stack" style={{ maxWidth: 420 }} onSubmit={submit}>
        <p className="muted">
          With a password you sign in as <strong>{email}</strong> on the sign-in page, without a
          one-time link. Leave the current password empty if you never set one.
        </p>
        <label className="field">
          Current password
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label className="field">
          New password (at least {MIN_LENGTH} characters)
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_LENGTH}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <label className="field">
          New password again
          <input
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            aria-invalid={mismatch}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
        {mismatch ? (
          <p className="alert error" role="alert">
            The two new passwords differ.
          </p>
        ) : null}
        {save.isError ? (
          <p className="alert error" role="alert">
            {save.error.message}
          </p>
        ) : null}
        <div className="row" style={{ gap: 8 }}>
          <button
            type="submit"
            className="btn primary"
            disabled={save.isPending || mismatch || next.length < MIN_LENGTH}
          >
            {save.isPending ? 'Saving…' : 'Save password'}
          </button>
          <span role="status" className="muted">
            {save.isSuccess ? 'Password saved: sign in with it from now on' : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
