import { describe, expect, it } from 'vitest';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { summariseTrace } from './summarise-trace';

const viewOf = (messages: unknown[]) =>
  deriveEvalView(parseChatTranscript({ id: 't', messages }), { traceId: 't' }).view;

/** An assistant message calling one tool, then the tool's result. */
const called = (id: string, name: string, result: string) => [
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id, type: 'function', function: { name, arguments: '{}' } }],
  },
  { role: 'tool', tool_call_id: id, content: result },
];

describe('summariseTrace', () => {
  it('states the goal, turns, tools and how a tool-using conversation ended', () => {
    const { body, text } = summariseTrace(
      viewOf([
        { role: 'system', content: 'You are an airline agent.' },
        { role: 'user', content: '  I want to\n\n change my   flight to Boston.  ' },
        ...called('c1', 'get_reservation', '{"id":"R1"}'),
        ...called('c2', 'get_reservation', 'Error: reservation not found'),
        { role: 'assistant', content: 'Which reservation do you mean?' },
        { role: 'user', content: 'R1 please' },
        ...called('c3', 'transfer_to_human_agents', 'ok'),
        { role: 'assistant', content: 'A colleague will take over.' },
      ]),
    );
    expect(body).toMatchObject({
      goal: 'I want to change my flight to Boston.',
      userTurns: 2,
      assistantTurns: 5,
      toolCalls: 3,
      tools: { get_reservation: 2, transfer_to_human_agents: 1 },
      handoffs: 1,
      errorCount: 1,
      finalMessageKind: 'answer',
      finalAnswer: 'A colleague will take over.',
    });
    expect(body.errors[0]).toContain('get_reservation');
    expect(text).toBe(
      'I want to change my flight to Boston. · 2 user turns · tools: get_reservation×2, transfer_to_human_agents · 1 error · handed off · ended with an answer',
    );
  });

  it('counts a failed tool call as the trace list does: a JSON error field in its result', () => {
    const { body, text } = summariseTrace(
      viewOf([
        { role: 'user', content: 'Reset my password' },
        ...called('c1', 'reset_password', '{"error": "account locked"}'),
        ...called('c2', 'lookup_user', '{"status": "ok"}'),
        { role: 'assistant', content: 'Done.' },
      ]),
    );
    expect(body.errorCount).toBe(1);
    expect(body.errors).toEqual(['reset_password: {"error":"account locked"}']);
    expect(text).toContain(' · 1 error · ');
  });

  it('says so when there is no user message and the agent ended with a question', () => {
    const { body, text } = summariseTrace(
      viewOf([
        { role: 'system', content: 'sys' },
        { role: 'assistant', content: 'How can I help?' },
      ]),
    );
    expect(body.goal).toBeNull();
    expect(body.userTurns).toBe(0);
    expect(body.finalMessageKind).toBe('question');
    expect(text).toBe('(no user message) · 0 user turns · no tools · ended with a question');
  });

  it("describes the agent's ending, not the user's closing turn after it", () => {
    // tau-bench conversations end with the simulated user's thanks or ###STOP###
    const answered = summariseTrace(
      viewOf([
        { role: 'user', content: 'Cancel reservation R1.' },
        { role: 'assistant', content: 'Reservation R1 is cancelled.' },
        { role: 'user', content: 'Thank you! ###STOP###' },
      ]),
    );
    expect(answered.body.finalMessageKind).toBe('answer');
    expect(answered.text).toMatch(/ended with an answer$/);
    const transferred = summariseTrace(
      viewOf([
        { role: 'user', content: 'I want a refund.' },
        ...called('c1', 'transfer_to_human_agents', 'Transfer successful'),
        { role: 'user', content: '###STOP###' },
      ]),
    );
    expect(transferred.body.finalMessageKind).toBe('tool_call');
  });

  it('caps a very long goal to one line of 200 characters', () => {
    const { body } = summariseTrace(viewOf([{ role: 'user', content: 'word '.repeat(1_000) }]));
    expect(body.goal).toHaveLength(200);
    expect(body.goal?.endsWith('…')).toBe(true);
    expect(body.finalMessageKind).toBe('none');
  });
});
