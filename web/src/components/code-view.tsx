import { useMemo } from 'react';
import { type DiffLine, diffLines } from '../lib/diff';
import { type Token, tokenLines } from '../lib/highlight';

function Tokens({ tokens }: { tokens: Token[] }) {
  return (
    <>
      {tokens.map((t, i) =>
        t.kind === 'text' ? (
          t.text
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: tokens of a line never reorder
          <span key={i} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
    </>
  );
}

/** Python source with line numbers and syntax colours. */
export function CodeView({ code, label }: { code: string; label: string }) {
  const lines = useMemo(() => tokenLines(code), [code]);
  return (
    <figure className="code-view" aria-label={label} style={{ margin: 0 }}>
      {lines.map((tokens, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the line number is the identity
        <div className="line" key={i}>
          <span className="ln">{i + 1}</span>
          <code>
            <Tokens tokens={tokens} />
          </code>
        </div>
      ))}
    </figure>
  );
}

/** A unified diff of two versions' code, added lines green and removed lines red. */
export function CodeDiff({
  before,
  after,
  label,
}: {
  before: string;
  after: string;
  label: string;
}) {
  const lines: DiffLine[] = useMemo(() => diffLines(before, after), [before, after]);
  const changed = lines.some((l) => l.kind !== 'same');
  return (
    <figure className="code-view" aria-label={label} style={{ margin: 0 }}>
      {changed ? null : (
        <p className="muted" style={{ padding: 12 }}>
          The code is identical.
        </p>
      )}
      {lines.map((l, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: diff order is fixed
          key={i}
          className={`line ${l.kind === 'same' ? '' : l.kind}`}
        >
          <span className="ln">
            {l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : (l.b ?? '')}
          </span>
          <code>{l.text}</code>
        </div>
      ))}
    </figure>
  );
}
