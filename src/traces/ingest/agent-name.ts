const LEAD = /^(?:you are|you're|act as|i am|this is)\s+/i;
const ARTICLE = /^(?:a|an|the)\s+/i;
/** "Skye, the support assistant for X": a capitalised name (one or two words), then the role. */
const NAMED = /^(\p{Lu}[\p{L}'-]*(?:\s\p{Lu}[\p{L}'-]*)?),\s+(?:a|an|the)\s+(.+)$/u;
const MAX = 60;

/**
 * A readable agent name from the opening of its system prompt: "You are Skye, the customer
 * support assistant for Harbor Outfitters, an outdoor gear store." → "Skye, customer support
 * assistant for Harbor Outfitters"; "You are a helpful travel agent." → "Helpful travel agent".
 */
export function agentNameFromPrompt(prompt: string): string {
  const line = prompt.split('\n').find((l) => l.trim() !== '') ?? '';
  const sentence = (
    line
      .replace(/[#*_`>]/g, '')
      .trim()
      .split(/[.!?](?:\s|$)/)[0] ?? ''
  ).trim();
  const text = sentence.replace(LEAD, '');
  const named = NAMED.exec(text);
  const name = named
    ? `${named[1]}, ${clause(named[2] as string)}`
    : capitalise(clause(text.replace(ARTICLE, '')));
  return shorten(name) || 'Agent';
}

const clause = (text: string) => (text.split(/,\s/)[0] ?? '').trim();
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function shorten(text: string): string {
  if (text.length <= MAX) {
    return text;
  }
  const cut = text.slice(0, MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX / 2 ? cut.slice(0, space) : cut}…`;
}
