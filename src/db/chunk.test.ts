import { getTableColumns } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { chunkRows, D1_MAX_PARAMS, setMaxParams } from './chunk';
import type { Db } from './client';
import { openSqliteDb } from './client.node.js';
import { createdAt, updatedAt } from './schema/columns';

const fakeDb = () => ({}) as Db;
const seven = sqliteTable('seven', {
  a: integer('a'),
  b: integer('b'),
  c: integer('c'),
  d: integer('d'),
  e: integer('e'),
  f: integer('f'),
  g: integer('g'),
});
const defaulted = sqliteTable('defaulted', {
  id: text('id').primaryKey(),
  priority: integer('priority').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

describe('chunkRows', () => {
  it("keeps every chunk under D1's 100 bound parameters by default", () => {
    const rows = Array.from({ length: 23 }, (_, i) => ({
      a: i,
      b: i,
      c: i,
      d: i,
      e: i,
      f: i,
      g: i,
    }));
    const chunks = chunkRows(fakeDb(), rows, seven);
    expect(chunks.map((c) => c.length)).toEqual([14, 9]);
    expect(chunks.every((c) => c.length * 7 <= D1_MAX_PARAMS)).toBe(true);
    expect(chunks.flat()).toEqual(rows);
  });

  it('counts the columns a row leaves to their defaults, which Drizzle binds too', () => {
    const sqlite = openSqliteDb({ path: ':memory:', migrate: false });
    const rows = Array.from({ length: 60 }, (_, i) => ({ id: `r${i}` }));
    const chunks = chunkRows(fakeDb(), rows, defaulted);
    expect(Object.keys(getTableColumns(defaulted))).toHaveLength(4);
    expect(chunks.map((c) => c.length)).toEqual([25, 25, 10]);
    for (const chunk of chunks) {
      const { params } = sqlite.db.insert(defaulted).values(chunk).toSQL();
      expect(params.length).toBeLessThanOrEqual(D1_MAX_PARAMS);
    }
    sqlite.close();
  });

  it('uses larger chunks (capped at 500 rows) where the database allows more parameters', () => {
    const db = setMaxParams(fakeDb(), 32_766);
    const rows = Array.from({ length: 1200 }, (_, i) => ({ a: i, b: i }));
    expect(chunkRows(db, rows, seven).map((c) => c.length)).toEqual([500, 500, 200]);
  });

  it('returns no chunks for no rows and one row per chunk for very wide tables', () => {
    expect(chunkRows(fakeDb(), [], seven)).toEqual([]);
    const wide = sqliteTable(
      'wide',
      Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`c${i}`, integer(`c${i}`)])),
    );
    expect(chunkRows(fakeDb(), [{}, {}], wide).map((c) => c.length)).toEqual([1, 1]);
  });
});
