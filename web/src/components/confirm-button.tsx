import { useEffect, useRef, useState } from 'react';

/**
 * A destructive action in two clicks without a modal: the first click asks, the second acts.
 * Focus moves to the confirm button so the keyboard path is Enter, Enter (Esc cancels).
 */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
  pending,
  title,
  tone = 'danger',
  className = 'btn sm',
}: {
  /** The confirming button's tone: `danger` for what cannot be undone, `primary` otherwise. */
  tone?: 'danger' | 'primary';
  className?: string;
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  pending?: boolean;
  title?: string;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) {
      confirmRef.current?.focus();
    }
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        className={className}
        disabled={disabled || pending}
        title={title}
        onClick={() => setAsking(true)}
      >
        {pending ? `${label}…` : label}
      </button>
    );
  }
  return (
    <span className="row" style={{ gap: 6, display: 'inline-flex' }}>
      <button
        ref={confirmRef}
        type="button"
        className={`btn sm ${tone}`}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setAsking(false);
          }
        }}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn sm ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
