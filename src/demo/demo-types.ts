/** One OpenAI-style chat message, as iofold's transcript importer reads it. */
export type DemoToolCall = {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
};

export type DemoMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: DemoToolCall[] }
  | { role: 'tool'; tool_call_id: string; name: string; content: string };

export type DemoQuality = 'good' | 'bad' | 'mixed';

/** One generated conversation in the import format (`iofold import demo.jsonl` reads these). */
export type DemoTranscript = {
  id: string;
  name: string;
  /** Set on about a third of the traces: the demo's human labels. */
  label?: 'positive' | 'negative' | 'neutral';
  notes?: string;
  metadata: {
    started_at: string;
    customer_tier: string;
    model: string;
    channel: string;
  };
  messages: DemoMessage[];
};

/** A transcript with the ground truth behind it (kept out of the imported data: evals must not see it). */
export type DemoTrace = { transcript: DemoTranscript; scenario: string; quality: DemoQuality };
