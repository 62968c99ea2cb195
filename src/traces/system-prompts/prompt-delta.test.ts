import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { systemPrompts } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { ingestTraces } from '../ingest/ingest-traces';
import { parseChatTranscript } from '../parsers/parse-chat-transcript';
import { applyPromptDelta, promptDelta, systemPromptContent } from './prompt-delta';

const world = ctxWorld();

const policy = 'Verify identity first. Never refund more than $50 without a human. '.repeat(8);
const prompt = (name: string) =>
  `You are Ava, for Acme Telecom.\nThe customer is ${name}.\n${policy}`;
const chat = (id: string, system: string) =>
  parseChatTranscript({
    id,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: `hello from ${id}` },
      { role: 'assistant', content: 'hi' },
    ],
  });

describe('promptDelta', () => {
  it('gives back every prompt from its base, overlapping ends included', () => {
    const pairs: [string, string][] = [
      [prompt('Bob'), prompt('Carmen Ruiz')],
      [prompt('Carmen Ruiz'), prompt('Bob')],
      ['abcabc'.repeat(20), 'abc'.repeat(20)],
      ['x'.repeat(100), 'x'.repeat(130)],
      [prompt('Bob'), `${prompt('Bob')} and one more rule.`],
    ];
    for (const [base, text] of pairs) {
      const delta = promptDelta(base, text);
      expect(delta, text).not.toBeNull();
      expect(applyPromptDelta(base, delta!)).toBe(text);
    }
  });

  it('keeps a prompt whole when the delta would not be much shorter', () => {
    expect(
      promptDelta(prompt('Bob'), 'You review TypeScript diffs. Point out bugs first.'),
    ).toBeNull();
  });
});

describe('system prompts stored against their version', () => {
  it('stores the first prompt of a version whole and later ones as deltas that read back exactly', async () => {
    await ingestTraces(world.ctx, {
      traces: [chat('a', prompt('Alice Smith')), chat('b', prompt('Bob Li'))],
    });
    await ingestTraces(world.ctx, {
      traces: [
        chat('c', prompt('Carmen')),
        chat('d', 'You review TypeScript diffs. Point out bugs first.'),
      ],
    });
    const rows = await world.ctx.db
      .select()
      .from(systemPrompts)
      .where(eq(systemPrompts.workspaceId, world.ctx.workspaceId));
    const texts = await Promise.all(rows.map((r) => systemPromptContent(world.ctx, r)));
    expect(texts.sort()).toEqual(
      [
        prompt('Alice Smith'),
        prompt('Bob Li'),
        prompt('Carmen'),
        'You review TypeScript diffs. Point out bugs first.',
      ].sort(),
    );
    const whole = rows.filter((r) => r.baseId === null);
    expect(whole.map((r) => r.content).sort()).toEqual(
      [prompt('Alice Smith'), 'You review TypeScript diffs. Point out bugs first.'].sort(),
    );
    const deltas = rows.filter((r) => r.baseId !== null);
    expect(deltas).toHaveLength(2);
    expect(deltas.every((r) => r.content.length < 40)).toBe(true);
  });

  it('reads a prompt of another workspace as missing, not as its text', async () => {
    await ingestTraces(world.ctx, {
      traces: [chat('a', prompt('Alice')), chat('b', prompt('Bob'))],
    });
    const [delta] = await world.ctx.db
      .select()
      .from(systemPrompts)
      .where(
        eq(systemPrompts.content, JSON.stringify(promptDelta(prompt('Alice'), prompt('Bob')))),
      );
    const other = createSystemCtx(world.deps, (await createTestWorkspace(world.deps, 'other')).id);
    await expect(systemPromptContent(other, delta!)).rejects.toThrow(/missing/);
  });
});
