import { describe, expect, it } from 'vitest';
import { decodeCursor } from './cursor';
import { mapPage, onePage, toPage } from './page';

const rows = [
  { id: 'c', at: 3 },
  { id: 'b', at: 2 },
  { id: 'a', at: 1 },
];
const position = (row: { id: string; at: number }) => ({ at: row.at, id: row.id });

describe('toPage', () => {
  it('keeps `limit` rows and points the cursor after the last one kept when more exist', () => {
    const page = toPage(rows, 2, position, (row) => row.id);
    expect(page.data).toEqual(['c', 'b']);
    expect(decodeCursor(page.nextCursor ?? '')).toEqual({ at: 2, id: 'b' });
  });

  it('answers a null cursor on the last page', () => {
    expect(toPage(rows, 3, position)).toEqual({ data: rows, nextCursor: null });
    expect(toPage([], 3, position)).toEqual({ data: [], nextCursor: null });
  });
});

it('onePage answers an unpaged list in the same shape', () => {
  expect(onePage([1, 2])).toEqual({ data: [1, 2], nextCursor: null });
});

it('mapPage maps the items and keeps the cursor', () => {
  const page = toPage(rows, 2, position);
  expect(mapPage(page, (row) => row.id)).toEqual({ data: ['c', 'b'], nextCursor: page.nextCursor });
});
