import type { RefObject } from 'react';
import type { Rating } from '../lib/types';
import type { Labelling } from './use-labelling';

const CHOICES: { rating: Rating; text: string; keys: string; tone: string }[] = [
  { rating: 'positive', text: 'Good', keys: '1 / G', tone: 'good' },
  { rating: 'negative', text: 'Bad', keys: '2 / B', tone: 'bad' },
  { rating: 'neutral', text: 'Neutral', keys: '3 / N', tone: 'neutral' },
];

/** The review's side panel: the verdict buttons, the note, moving, undo and the shortcuts. */
export function LabelPanel({
  state,
  noteRef,
}: {
  state: Labelling;
  noteRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const { currentId, labels, position, count } = state;
  return (
    <aside aria-label="Label this trace">
      <div>
        <h2>Your verdict</h2>
        <p className="muted">Would you ship this answer?</p>
      </div>
      <div className="label-buttons">
        {CHOICES.map((c) => (
          <button
            type="button"
            key={c.rating}
            className={`btn ${c.tone}`}
            aria-pressed={currentId ? labels[currentId] === c.rating : false}
            aria-keyshortcuts={c.keys.replace(' / ', ' ')}
            onClick={() => state.label(c.rating)}
          >
            {c.text}
            <span className="kbd">{c.keys}</span>
          </button>
        ))}
      </div>
      <label className="field">
        Note (optional)
        <textarea
          ref={noteRef}
          rows={3}
          value={state.notes}
          placeholder="Why? Press C to write, Esc to leave"
          onChange={(e) => state.setNotes(e.target.value)}
        />
      </label>
      <div className="row">
        <button
          type="button"
          className="btn sm"
          onClick={() => state.go(position - 1)}
          disabled={position === 0}
        >
          ← Previous
        </button>
        <button
          type="button"
          className="btn sm"
          onClick={() => state.go(position + 1)}
          disabled={position >= count - 1}
        >
          Next →
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="btn sm ghost"
          onClick={state.undo}
          disabled={!state.canUndo}
        >
          Undo
        </button>
      </div>
      {state.error ? (
        <p className="alert error" role="alert">
          Could not save: {state.error}
        </p>
      ) : null}
      <div className="shortcuts">
        <span className="kbd">1 2 3</span> good · bad · neutral
        <span className="kbd">→ ←</span> next · previous
        <span className="kbd">U</span> undo the last label
        <span className="kbd">C</span> write a note
      </div>
    </aside>
  );
}
