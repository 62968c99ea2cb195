import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConfirmButton } from '../components/confirm-button';
import { ErrorState, Loading } from '../components/states';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { SESSION_KEY } from '../lib/session';
import { type Member, ROLES, type Role, settingsKeys, useMembers } from '../lib/settings';
import { AddMemberForm } from './add-member-form';
import { OwnerOnly } from './owner-only';

function MemberRow({
  member,
  isOwner,
  isSelf,
}: {
  member: Member;
  isOwner: boolean;
  isSelf: boolean;
}) {
  const queryClient = useQueryClient();
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: settingsKeys.members });
    if (isSelf) {
      void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    }
  };
  const path = `/v1/members/${encodeURIComponent(member.userId)}`;
  const changeRole = useMutation({
    mutationFn: (role: Role) => api.patch<Member>(path, { role }),
    onSettled: done,
  });
  const remove = useMutation({ mutationFn: () => api.delete(path), onSuccess: done });
  const error = changeRole.error ?? remove.error;
  const who = member.name || member.email;
  return (
    <tr data-testid="member-row">
      <td>
        <div>
          {member.name}
          {isSelf ? <span className="muted"> (you)</span> : null}
        </div>
        <div className="muted">{member.email}</div>
        {error ? (
          <div className="alert error" role="alert">
            {error.message}
          </div>
        ) : null}
      </td>
      <td>
        {isOwner ? (
          <select
            aria-label={`Role of ${who}`}
            value={changeRole.isPending ? changeRole.variables : member.role}
            disabled={changeRole.isPending}
            onChange={(e) => changeRole.mutate(e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        ) : (
          <span className="badge accent">{member.role}</span>
        )}
      </td>
      <td>{formatDateTime(member.joinedAt)}</td>
      <td style={{ textAlign: 'right' }}>
        {isOwner ? (
          <ConfirmButton
            label={isSelf ? 'Leave' : 'Remove'}
            confirmLabel={`Remove ${who}`}
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        ) : null}
      </td>
    </tr>
  );
}

export function MembersSection({ isOwner, userId }: { isOwner: boolean; userId: string }) {
  const members = useMembers();
  return (
    <section className="card" aria-labelledby="members-title">
      <div className="card-header">
        <h2 id="members-title">Members</h2>
      </div>
      <div className="card-body stack">
        {isOwner ? (
          <AddMemberForm />
        ) : (
          <OwnerOnly what="add, remove or change the role of members" />
        )}
        <p className="muted">
          Owners manage members, keys and integrations; members label, generate and run evals;
          viewers read.
        </p>
      </div>
      {members.isPending ? <Loading rows={3} /> : null}
      {members.isError ? (
        <ErrorState error={members.error} retry={() => void members.refetch()} />
      ) : null}
      {members.data ? (
        <table className="table" aria-label="Members">
          <thead>
            <tr>
              <th>Person</th>
              <th>Role</th>
              <th>Joined</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data.data.map((m) => (
              <MemberRow key={m.userId} member={m} isOwner={isOwner} isSelf={m.userId === userId} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
