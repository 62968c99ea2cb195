import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { OnceValue } from '../components/copy-button';
import { api } from '../lib/api';
import { type AddedMember, ROLES, type Role, settingsKeys } from '../lib/settings';

export function AddMemberForm() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const add = useMutation({
    mutationFn: () =>
      api.post<AddedMember>('/v1/members', { email, role, ...(name.trim() ? { name } : {}) }),
    onSuccess: () => {
      setEmail('');
      setName('');
      void queryClient.invalidateQueries({ queryKey: settingsKeys.members });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const added = add.data;
  return (
    <div className="stack">
      <form
        className="row"
        style={{ gap: 8, alignItems: 'end', flexWrap: 'wrap' }}
        onSubmit={submit}
      >
        <label className="field" style={{ flex: 2, minWidth: 220 }}>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field" style={{ flex: 1, minWidth: 160 }}>
          Name (optional)
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          New member's role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add member'}
        </button>
      </form>
      {add.isError ? (
        <p className="alert error" role="alert">
          {add.error.message}
        </p>
      ) : null}
      {added ? (
        <div className="alert" role="status">
          <p>
            Added {added.member.email} as {added.member.role}.
            {added.loginToken
              ? ' They are new here: send them this one-time sign-in link. It is shown only now.'
              : ' They already have an account and can switch to this workspace.'}
          </p>
          {added.loginToken ? (
            <OnceValue
              label="One-time sign-in link"
              value={`${window.location.origin}/login?token=${encodeURIComponent(added.loginToken)}`}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
