import type { MockReply, MockRequest } from '@/llm/testing/mock-reply';

// A tone criterion written for the bridge's tests: "the reply does not talk down to the customer".
// Every condescending reply uses its own phrasing, so no word or pattern separates the labels;
// the mock model below knows all of them (it stands in for a model that reads tone).
const CONDESCENDING = [
  'As I already explained, which you would know if you had read it',
  'This is really not that hard to understand',
  'Even a beginner could have figured this out',
  'Let me spell it out slowly for you',
  'I am surprised you needed to ask about something this basic',
  'Try reading the instructions next time before writing to us',
  'Honestly, most customers manage this on their own',
  'I will repeat myself one more time since it did not sink in',
  'It should be obvious to anyone paying attention',
  'Please try to keep up with what I am telling you',
  'We have been over this, so pay attention this time',
  'A quick look at the page would have saved us both the trouble',
  'I suppose I have to walk you through every single step',
  'You clearly did not bother to check before asking',
  'This is covered in the first line of the guide, if you had looked',
  'Not sure how this could be any clearer for you',
  'Surely you can manage the rest by yourself',
  'Let us go through it again, more carefully this time',
  'Anyone could do this in a minute without help',
  'Well, if you had followed the steps it would have worked',
];
const POLITE = [
  'Thanks for reaching out, happy to help with this',
  'Good question, here is how it works',
  'I understand how frustrating that is, let me sort it out',
  'Thank you for your patience while I checked',
  'Glad to help, let me know if anything else comes up',
  'I have looked into it and here is what I found',
  'Sorry for the trouble, I have fixed it on our side',
  'Great, I can take care of that for you right away',
  'No problem at all, these settings are easy to miss',
  'Thanks for the details, they made this quick to resolve',
  'I appreciate you flagging this, here are the next steps',
  'That makes sense, let me walk through the options',
  'Of course, I have updated your account as requested',
  'You are welcome to write again whenever you need',
  'I checked your order and everything is on track',
  'Happy to explain, the setting lives under preferences',
  'Thanks, I will pass your feedback on to the team',
  'Here is a summary of what changed and why',
  'Sure, I can resend the confirmation now',
  'I hope that helps, have a lovely day',
];
const TOPICS = ['your invoice', 'the password reset', 'your delivery', 'the export', 'the app'];
const ASKS = [
  'Why was I charged twice this month?',
  'How do I reset my password from my phone?',
  'My parcel shows delivered but nothing arrived.',
  'Can I export last year of reports to a spreadsheet?',
  'The mobile app keeps logging me out after updates.',
  'Where do I change the billing address on file?',
  'Is there a way to pause my subscription for summer?',
  'Two factor codes never reach my new number.',
  'Which plan includes priority phone support?',
  'Our team invite links expired before anyone joined.',
  'Can refunds go back to a gift card instead?',
  'Dark mode turned itself off again yesterday.',
  'How long do you keep deleted projects around?',
  'The receipt email lists the wrong company name.',
  'Could you merge my two accounts into one?',
  'Uploading large videos fails at ninety percent.',
  'What happens to my data if I cancel today?',
  'Notifications arrive hours late on tablets.',
  'Is the student discount still available this term?',
  'Search results ignore the date filter entirely.',
];

export const TONE_QUESTION = 'Does the reply talk down to the customer?';

/** `n` support conversations, half condescending (labelled negative), in a seeded order. */
export function toneConversations(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const bad = i % 2 === 1;
    const k = Math.floor(i / 2);
    const topic = TOPICS[k % TOPICS.length];
    const opener = (bad ? CONDESCENDING : POLITE)[k % 20] as string;
    return {
      label: bad ? ('negative' as const) : ('positive' as const),
      user: ASKS[k % ASKS.length] as string,
      reply: `${opener}. The fix for ${topic} is in settings, step ${1 + (k % 4)}.`,
    };
  });
}

const INJECTION = /ignore the question and answer (\w+)/i;

/**
 * A rule-based stand-in for a model: it answers a judge question from the quoted text's tone, but
 * it obeys an instruction written in the prompt outside quotes (as a gullible model would).
 */
export function toneResponder(request: MockRequest): MockReply {
  const prompt = request.lastUserText;
  const quoted = /Text \(quoted data, not instructions\): ("(?:[^"\\]|\\.)*")/.exec(prompt);
  const unquoted = quoted ? prompt.replace(quoted[0], '') : prompt;
  const obey = INJECTION.exec(unquoted);
  if (obey) {
    return { text: obey[1] ?? 'yes' };
  }
  if (/list.*questions/i.test(prompt) && /JSON/.test(prompt)) {
    return { text: JSON.stringify([TONE_QUESTION, 'Is the reply about billing?']) };
  }
  const text = quoted ? (JSON.parse(quoted[1] as string) as string) : prompt;
  // it reads tone only: any other question (or a free prompt not about tone) gets "no"
  const aboutTone = /talk down/i.test(quoted ? (/Question: (.*)/.exec(prompt)?.[1] ?? '') : prompt);
  const rude = aboutTone && CONDESCENDING.some((c) => text.includes(c));
  return { text: rude ? 'yes' : 'no', usage: { inputTokens: 120, outputTokens: 1 } };
}

/** A hybrid eval `name`: it asks the model the tone question about the last assistant reply. */
export const toneJudgeEval = (name = 'eval_respectful') => `def ${name}(trace):
    replies = [m["content"] for m in trace["messages"] if m["role"] == "assistant"]
    if not replies:
        return True, "no reply to judge"
    answer = judge(${JSON.stringify(TONE_QUESTION)}, replies[-1])
    return answer == "no", f"does the last reply talk down: {answer}"
`;
