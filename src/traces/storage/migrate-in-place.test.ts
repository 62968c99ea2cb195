import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb } from '@/db/client.node.js';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import journal from '../../../drizzle/meta/_journal.json';
import { ingestTraces } from '../ingest/ingest-traces';
import { parseChatTranscript } from '../parsers/parse-chat-transcript';
import { getTrace } from '../query/get-trace';

/**
 * Issue #24's schema migrations (0012: one span index; 0013: system prompts stored against their
 * version) on a database file that holds traces written before them: they apply in place, and the
 * traces read and merge as before.
 */
const migrationTime = (tag: string) => {
  const entry = journal.entries.find((e) => e.tag === tag);
  if (!entry) {
    throw new Error(`no migration ${tag} in drizzle/meta/_journal.json`);
  }
  return entry.when;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iofold-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const system = (name: string) =>
  `You are Ava, for Acme Telecom. The customer is ${name}. ${'Verify identity first. '.repeat(10)}`;
const chat = (id: string, name: string, extra: { role: 'user'; content: string }[] = []) =>
  parseChatTranscript({
    id,
    messages: [
      { role: 'system', content: system(name) },
      { role: 'user', content: `Where is order ${id}?` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'get_order', arguments: `{"id":"${id}"}` },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '{"status":"shipped"}' },
      { role: 'assistant', content: `Order ${id} has shipped.` },
      ...extra,
    ],
  });

/**
 * Takes a fully migrated file back to the schema before 0012 and 0013, rows kept; the migrations
 * after them (0014, 0015: one column each; 0016: iofold's best-practice rows; 0017: one index) are
 * undone first, and every migration from 0012 on is forgotten so that all of them run again.
 */
function unmigrate(path: string) {
  const handle = openSqliteDb({ path });
  handle.sqlite.exec(`
    drop index jobs_workspace_updated_idx;
    delete from prompt_best_practices where workspace_id is null and source = 'iofold';
    alter table eval_executions drop column questions;
    alter table evals drop column judge;
    drop index spans_trace_span_idx;
    create unique index spans_workspace_trace_span_idx on spans (workspace_id, trace_id, span_id);
    create index spans_trace_started_idx on spans (trace_id, started_at);
    update system_prompts set content = '${system('Bob')}' where base_id is not null;
    alter table system_prompts drop column base_id;
    delete from __drizzle_migrations where created_at >= ${migrationTime('0012_spans_one_index')};
  `);
  handle.close();
}

describe('migrating a database written before issue #24 finished', () => {
  it('replaces the span indexes and adds the prompt base in place; traces read and merge as before', async () => {
    const path = join(dir, 'old.db');
    const first = openSqliteDb({ path });
    const deps = createTestDeps({ db: first.db });
    const workspaceId = (await createTestWorkspace(deps)).id;
    const ctx = createSystemCtx(deps, workspaceId);
    const [a] = (await ingestTraces(ctx, { traces: [chat('a', 'Alice'), chat('b', 'Bob')] }))
      .traces;
    const before = await getTrace(ctx, { id: a!.id });
    first.close();
    unmigrate(path);

    const after = openSqliteDb({ path });
    const indexes = after.sqlite
      .prepare(
        "select name from sqlite_master where type = 'index' and tbl_name = 'spans' and sql is not null",
      )
      .all() as { name: string }[];
    expect(indexes.map((i) => i.name)).toEqual(['spans_trace_span_idx']);
    const migrated = createSystemCtx(createTestDeps({ db: after.db }), workspaceId);
    expect(await getTrace(migrated, { id: a!.id })).toEqual(before);
    // a later part of the trace merges into the stored spans (the upsert's conflict target is the new index)
    await ingestTraces(migrated, {
      traces: [chat('a', 'Alice', [{ role: 'user', content: 'Thanks!' }])],
    });
    const merged = await getTrace(migrated, { id: a!.id });
    expect(merged.spans.length).toBeGreaterThanOrEqual(before.spans.length);
    expect(new Set(merged.spans.map((s) => s.spanId)).size).toBe(merged.spans.length);
    expect((merged.evalView as EvalView).messages.at(-1)).toMatchObject({ content: 'Thanks!' });
    const prompts = after.sqlite
      .prepare('select content, base_id as baseId from system_prompts order by content')
      .all() as { content: string; baseId: string | null }[];
    expect(prompts).toEqual([
      { content: system('Alice'), baseId: null },
      { content: system('Bob'), baseId: null },
    ]);
    after.close();
  });
});
