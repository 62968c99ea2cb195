import { describe, expect, it } from 'vitest';
import { traces } from '@/db/schema';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { indexTasks } from '@/optimize/tasks/index-tasks';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { readEvalView } from '@/traces/stored-eval-view';
import { foldGroups } from './fold-groups';
import { groupTraces } from './group-traces';

const world = ctxWorld();

const chat = (id: string, ...turns: string[]) =>
  parseChatTranscript({
    id,
    messages: turns.flatMap((t) => [
      { role: 'user', content: t },
      { role: 'assistant', content: 'Done.' },
    ]),
  });

describe('foldGroups', () => {
  it('keeps the runs of one task cluster in one fold group, which first messages alone did not', async () => {
    await ingestTraces(world.ctx, {
      traces: [
        chat('a', 'Cancel reservation R1XQ for user mia_li_3668', 'Yes, cancel it'),
        chat(
          'b',
          'Hi there, I need something changed',
          'It is reservation R1XQ, user mia_li_3668, cancel',
        ),
        chat('c', 'What is the baggage allowance on economy?'),
      ],
    });
    await indexTasks(world.ctx, {});
    const rows = (await world.ctx.db.select().from(traces)).sort((x, y) =>
      x.externalId < y.externalId ? -1 : 1,
    );
    const labelled = await Promise.all(
      rows.map(async (r) => ({ id: r.id, view: await readEvalView(r.evalView, world.ctx.db) })),
    );
    const before = groupTraces(labelled.map((t) => t.view));
    expect(before[0]).not.toBe(before[1]);
    const groups = await foldGroups(world.ctx, labelled);
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).not.toBe(groups[0]);
  });
});
