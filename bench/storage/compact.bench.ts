/**
 * Compaction of a database written before issue #24 (`iofold db compact`): the demo's traces,
 * stored the old way (whole eval views, spans repeating the messages), copied up to 5,000 traces
 * (100,000 with `--scale`), then rewritten in two runs (stopped half way, then resumed, as a
 * stopped command would be). Figures: traces/s of the rewrite, and file bytes per trace before,
 * after the rewrite and after `VACUUM`.
 */
import { eq } from 'drizzle-orm';
import { createSystemCtx } from '@/core/system-ctx';
import { spans, traces } from '@/db/schema';
import { demoTracesToJsonl, generateDemoTraces } from '@/demo/generate-demo-traces';
import { importTraces } from '@/traces/import/import-traces';
import { fromSpanRow, toSpanRow } from '@/traces/ingest/span-rows';
import { compactStoredTraces } from '@/traces/storage/compact-stored-traces';
import { readEvalView } from '@/traces/stored-eval-view';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { spread, timeMs } from '../lib/measure';
import { startBench } from '../lib/report';

const bench = startBench('storage-compact', 'Storage: compacting a database written before #24');
const TARGET = bench.scale ? 100_000 : 5_000;
const scratch = scratchDir('storage-compact');
const deps = openBenchDeps(scratch.file('old.db'));
const sqlite = deps.handle.sqlite;
const WORKSPACE = 'ws_bench';
await insertWorkspace(deps, WORKSPACE);
const ctx = createSystemCtx(deps, WORKSPACE);
await importTraces(ctx, new Blob([demoTracesToJsonl(generateDemoTraces({ count: 100 }))]).stream());

// the old form: whole eval views, spans with their text inline
for (const row of await deps.db.select().from(traces)) {
  const view = await readEvalView(row.evalView, deps.db);
  sqlite.prepare('update traces set eval_view = ? where id = ?').run(JSON.stringify(view), row.id);
  for (const s of await deps.db.select().from(spans).where(eq(spans.traceId, row.id))) {
    const old = toSpanRow(WORKSPACE, row.id, fromSpanRow(s, view.messages));
    sqlite
      .prepare('update spans set input = ?, output = ?, attributes = ? where id = ?')
      .run(
        JSON.stringify(old.input),
        JSON.stringify(old.output),
        JSON.stringify(old.attributes),
        s.id,
      );
  }
}
// copies: the same rows under new ids, so the database holds TARGET traces
const seedMs = await timeMs(() => {
  const columns = (table: string) =>
    (sqlite.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  const traceColumns = columns('traces');
  const spanColumns = columns('spans');
  const copy = sqlite.transaction((k: number) => {
    const pick = (cols: string[], swap: Record<string, string>) =>
      cols.map((c) => swap[c] ?? `"${c}"`).join(', ');
    sqlite.exec(
      `insert into traces (${traceColumns.map((c) => `"${c}"`).join(', ')}) select ${pick(traceColumns, { id: `id || '#${k}'`, external_id: `external_id || '#${k}'` })} from traces where id not like '%#%'`,
    );
    sqlite.exec(
      `insert into spans (${spanColumns.map((c) => `"${c}"`).join(', ')}) select ${pick(spanColumns, { id: `id || '#${k}'`, trace_id: `trace_id || '#${k}'` })} from spans where trace_id not like '%#%'`,
    );
  });
  for (let k = 1; k < TARGET / 100; k++) {
    copy(k);
  }
});
const count = () => (sqlite.prepare('select count(*) as n from traces').get() as { n: number }).n;
const fileBytes = () => {
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return (
    (sqlite.pragma('page_count', { simple: true }) as number) *
    (sqlite.pragma('page_size', { simple: true }) as number)
  );
};
const n = count();
const before = fileBytes();
let firstRun = 0;
const firstMs = await timeMs(async () => {
  firstRun = (await compactStoredTraces(deps.db, { limit: Math.floor(n / 2) })).traces;
});
let secondRun = 0;
const secondMs = await timeMs(async () => {
  secondRun = (await compactStoredTraces(deps.db)).traces;
});
const afterRewrite = fileBytes();
sqlite.exec('vacuum');
const afterVacuum = fileBytes();
const unpacked = (
  sqlite
    .prepare(
      `select count(*) as n from traces where typeof(eval_view) = 'text' and substr(eval_view, 1, 11) <> '{"packed":1'`,
    )
    .get() as { n: number }
).n;
bench.figure({
  name: 'rewrite (two runs: stopped half way, resumed)',
  unit: 'traces/s',
  value: spread([(firstRun + secondRun) / ((firstMs + secondMs) / 1000)]),
});
bench.figure({
  name: 'file bytes per trace, old form',
  unit: 'bytes',
  value: spread([before / n]),
});
bench.figure({
  name: 'after the rewrite (free pages kept)',
  unit: 'bytes',
  value: spread([afterRewrite / n]),
});
bench.figure({ name: 'after VACUUM', unit: 'bytes', value: spread([afterVacuum / n]) });
bench.note(
  `${n.toLocaleString('en')} traces (seeded by copy in ${(seedMs / 1000).toFixed(0)} s); first run rewrote ${firstRun}, the resumed run ${secondRun}; ${unpacked} left unpacked.`,
);
deps.close();
scratch.remove();
bench.done();
