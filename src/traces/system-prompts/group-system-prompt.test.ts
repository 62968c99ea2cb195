import { describe, expect, it } from 'vitest';
import { groupSystemPrompt } from './group-system-prompt';
import { matchPromptTemplate } from './match-prompt-template';

const support = (name: string, tier: string, date: string) =>
  `You are Ava, the customer support assistant for Acme Telecom.
The customer you are talking to is ${name} (loyalty tier: ${tier}).
Today's date is ${date}.

Rules:
- Verify the customer's identity before discussing the account.
- Never offer refunds above $50 without escalating to a human.
- Answer in the customer's language, in at most three short paragraphs.`;

const coder = `You are a senior TypeScript reviewer. Review the diff the user sends.
Point out bugs first, then style. Quote the exact lines. Be concise and never rewrite the whole file.`;

describe('matchPromptTemplate', () => {
  it('turns the differing parts of two prompts into {{var}} slots', () => {
    const m = matchPromptTemplate(
      support('Alice Smith', 'gold', '2024-05-01'),
      support('Bob Li', 'silver', '2024-06-11'),
    );
    expect(m.generalised).toBe(true);
    expect(m.template).toBe(support('{{var_1}}', '{{var_2}}', '{{var_3}}'));
    expect(m.variables).toEqual(['var_1', 'var_2', 'var_3']);
    expect(m.values).toEqual({ var_1: 'Bob Li', var_2: 'silver', var_3: '2024-06-11' });
    expect(m.similarity).toBeGreaterThan(0.9);
  });

  it('fills an existing template without generalising it, extracting the values', () => {
    const template = support('{{var_1}}', '{{var_2}}', '{{var_3}}');
    const m = matchPromptTemplate(
      template,
      support('Carmen de la Vega-Ortiz', 'platinum plus', '1 June 2024'),
    );
    expect(m).toMatchObject({
      generalised: false,
      template,
      values: { var_1: 'Carmen de la Vega-Ortiz', var_2: 'platinum plus', var_3: '1 June 2024' },
    });
    expect(m.similarity).toBe(1);
  });

  it('keeps the bracket between two neighbouring values in the template', () => {
    const demo = (name: string, tier: string) => `You are helping ${name} (${tier} member).`;
    const m = matchPromptTemplate(demo('Maya Patel', 'gold'), demo('Sam Ortiz', 'silver'));
    expect(m.template).toBe(demo('{{var_1}}', '{{var_2}}'));
    expect(m.values).toEqual({ var_1: 'Sam Ortiz', var_2: 'silver' });
  });

  it('scores unrelated prompts low', () => {
    expect(matchPromptTemplate(support('A', 'b', 'c'), coder).similarity).toBeLessThan(0.5);
  });
});

describe('groupSystemPrompt', () => {
  it('joins an identical prompt to its template', () => {
    expect(groupSystemPrompt(coder, [support('{{var_1}}', 'gold', 'x'), coder])).toEqual({
      kind: 'match',
      index: 1,
      values: {},
    });
  });

  it('generalises the closest template when the prompt differs only in variable parts', () => {
    const d = groupSystemPrompt(support('Bob', 'silver', '2024-06-11'), [
      coder,
      support('Alice', 'gold', '2024-05-01'),
    ]);
    expect(d).toMatchObject({
      kind: 'generalise',
      index: 1,
      template: support('{{var_1}}', '{{var_2}}', '{{var_3}}'),
    });
  });

  it('starts a new group for an unrelated prompt, or when generalising is not allowed', () => {
    expect(groupSystemPrompt(coder, [support('Alice', 'gold', 'today')])).toEqual({
      kind: 'new',
      template: coder,
      variables: [],
      values: {},
    });
    const d = groupSystemPrompt(support('Bob', 'silver', 'x'), [support('Alice', 'gold', 'y')], {
      canGeneralise: () => false,
    });
    expect(d.kind).toBe('new');
  });

  it('keeps prompts that share boilerplate but differ in their role apart', () => {
    const base =
      'Answer in English. Cite sources. Keep answers under 200 words. Refuse unsafe requests.';
    const a = `You are a travel agent who books flights and hotels for business travellers. ${base}`;
    const b = `You are a tax advisor who explains deductions, filing deadlines and penalties for freelancers in Germany and Austria. ${base}`;
    expect(groupSystemPrompt(b, [a]).kind).toBe('new');
  });

  it('handles long prompts (tau-bench sized) quickly enough to run at ingest', () => {
    const policy = Array.from(
      { length: 300 },
      (_, i) => `Rule ${i}: the agent must follow policy clause ${i} exactly.`,
    ).join('\n');
    const p1 = `The current time is 2024-05-15 15:00:00 EST.\n${policy}`;
    const p2 = `The current time is 2024-05-16 09:30:00 EST.\n${policy}`;
    const started = performance.now();
    const d = groupSystemPrompt(p2, [p1]);
    console.log(
      `grouping a ${p1.length}-char prompt took ${(performance.now() - started).toFixed(1)} ms`,
    );
    expect(d.kind).toBe('generalise');
    expect(
      d.kind === 'generalise' &&
        d.template.startsWith('The current time is {{var_1}} EST.\nRule 0:'),
    ).toBe(true);
  });
});
