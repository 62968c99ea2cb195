import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@/core/cursor';
import { createTestDb, createTestWorkspace } from '@/db/testing';
import { explainTraceList } from './explain-trace-list.node';

const handle = createTestDb();
let workspaceId: string;
beforeAll(async () => {
  workspaceId = (await createTestWorkspace(handle)).id;
  handle.sqlite.exec('ANALYZE');
});
afterAll(() => handle.close());

const cursor = encodeCursor({ at: Date.now(), id: 'tr_x' });

describe('trace list query plans', () => {
  it.each([
    [{}],
    [{ agentId: 'agt_1' }],
    [{ agentId: 'agt_1', label: 'negative' as const, cursor }],
    [{ label: 'positive' as const }],
    [{ labelled: false }],
    [{ hasErrors: true, cursor }],
    [{ source: 'otlp' as const, q: 'refund' }],
  ])('searches an index, never scans the table: %j', (query) => {
    const plan = explainTraceList(handle.db, handle.sqlite, workspaceId, query);
    expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX traces_workspace_/);
    expect(plan.some((line) => /^SCAN traces$/.test(line.trim()))).toBe(false);
  });
});
