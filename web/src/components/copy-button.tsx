import { useState } from 'react';

/** Copies `value`; where the clipboard is refused (plain HTTP), says how to copy by hand. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" className="btn sm" onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : label}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied' ? 'Copied to the clipboard' : ''}
      </span>
      {state === 'failed' ? (
        <span className="muted">
          The browser refused the clipboard: select the text and copy it.
        </span>
      ) : null}
    </>
  );
}

/** A value shown once (an API key secret, a login link): read-only, selectable, copyable. */
export function OnceValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
      <input
        className="mono"
        aria-label={label}
        readOnly
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        style={{ flex: 1, minWidth: 280 }}
      />
      <CopyButton value={value} />
    </div>
  );
}
