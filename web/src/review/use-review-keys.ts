import { type RefObject, useEffect } from 'react';
import type { Rating } from '../lib/types';
import type { Labelling } from './use-labelling';

const KEYS: Record<string, Rating> = {
  '1': 'positive',
  g: 'positive',
  '2': 'negative',
  b: 'negative',
  '3': 'neutral',
  n: 'neutral',
};

/**
 * The review keys on the whole page: 1/2/3 (G/B/N) label, U or Ctrl+Z undo, →/J and ←/K move,
 * C or / writes a note. In a field only Escape counts (it leaves the field).
 */
export function useReviewKeys(
  { label, undo, go, position }: Labelling,
  noteRef: RefObject<HTMLTextAreaElement | null>,
) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (
        target &&
        (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT')
      ) {
        if (event.key === 'Escape') {
          target.blur();
        }
        return;
      }
      if (event.metaKey || event.altKey) {
        return;
      }
      const key = event.key.toLowerCase();
      if ((event.ctrlKey && key === 'z') || (!event.ctrlKey && key === 'u')) {
        event.preventDefault();
        undo();
      } else if (event.ctrlKey) {
        return;
      } else if (KEYS[key]) {
        event.preventDefault();
        label(KEYS[key]);
      } else if (key === 'arrowright' || key === 'j') {
        event.preventDefault();
        go(position + 1);
      } else if (key === 'arrowleft' || key === 'k') {
        event.preventDefault();
        go(position - 1);
      } else if (key === 'c' || key === '/') {
        event.preventDefault();
        noteRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [label, undo, go, position, noteRef]);
}
