/** Why a control is absent: the server lets only owners do this. */
export function OwnerOnly({ what }: { what: string }) {
  return (
    <p className="muted" data-testid="owner-only">
      Only workspace owners can {what}. Ask an owner if you need a change.
    </p>
  );
}
