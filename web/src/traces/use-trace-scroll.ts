import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import type { useTraceList } from '../lib/traces';

const ROW_HEIGHT = 44;

/**
 * The virtual scroll of the trace list: it loads the next page near the end, and the keyboard
 * moves between rows (j/k or the arrows); j or ↓ on the page focuses the first row.
 */
export function useTraceScroll(rowCount: number, list: ReturnType<typeof useTraceList>) {
  const scrollRef = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (last && last.index >= rowCount - 20 && list.hasNextPage && !list.isFetchingNextPage) {
      void list.fetchNextPage();
    }
  }, [last, rowCount, list]);

  const onRowKey = (event: KeyboardEvent<HTMLAnchorElement>, index: number) => {
    const move =
      event.key === 'ArrowDown' || event.key === 'j'
        ? 1
        : event.key === 'ArrowUp' || event.key === 'k'
          ? -1
          : 0;
    if (move) {
      event.preventDefault();
      const next = Math.max(0, Math.min(rowCount - 1, index + move));
      virtualizer.scrollToIndex(next);
      requestAnimationFrame(() =>
        scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
      );
    }
  };
  // The list takes the keyboard without a click first: j or ↓ on the page focuses the first row.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const onPage = document.activeElement === document.body || document.activeElement === null;
      if (onPage && (event.key === 'j' || event.key === 'ArrowDown') && rowCount > 0) {
        event.preventDefault();
        scrollRef.current?.querySelector<HTMLElement>('[data-index="0"]')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rowCount]);
  return { scrollRef, items, totalSize: virtualizer.getTotalSize(), onRowKey };
}
