import { describe, expect, it } from 'vitest';
import { renderSystemPrompt } from '@/demo/system-prompt';
import { agentNameFromPrompt } from './agent-name';

describe('agentNameFromPrompt', () => {
  it("names the demo agent by its name and role, without the prompt's variables or a hash", () => {
    const prompt = renderSystemPrompt({ date: '2026-05-01', customerName: 'Maya', tier: 'gold' });
    expect(agentNameFromPrompt(prompt)).toBe(
      'Skye, customer support assistant for Harbor Outfitters',
    );
  });

  it('names an unnamed agent by its role, capitalised', () => {
    expect(agentNameFromPrompt('You are a helpful travel agent. Answer briefly.')).toBe(
      'Helpful travel agent',
    );
    expect(agentNameFromPrompt('You are Otto, a travel agent for Fjord Trips.')).toBe(
      'Otto, travel agent for Fjord Trips',
    );
  });

  it('keeps a prompt that does not introduce itself as its first sentence, shortened on a word', () => {
    const name = agentNameFromPrompt(
      '\n# Instructions\nSummarise the support ticket below into three bullet points for the on-call engineer who reads it at night.',
    );
    expect(name).toBe('Instructions');
    const long = agentNameFromPrompt(
      'Summarise the support ticket below into three bullet points for the on-call engineer',
    );
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^Summarise the support ticket below .*\w…$/);
  });

  it('falls back to "Agent" for an empty prompt', () => {
    expect(agentNameFromPrompt('  \n ')).toBe('Agent');
  });
});
