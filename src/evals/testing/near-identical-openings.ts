/**
 * Openings of the outside tester's large-group shape (#14): requests that differ only in the
 * greeting and the city chain into one near-duplicate group; OTHERS ask something else.
 */
export const GREETINGS = ['Hi', 'Hello', 'Hey', 'Howdy', 'Greetings'];
export const CITIES = ['Boston', 'Denver', 'Austin', 'Seattle', 'Miami', 'Chicago', 'Dallas'];
export const OTHERS = [
  'What is the baggage allowance on economy?',
  'Can I bring my dog on board?',
  'Is there wifi on the plane to Oslo?',
  'How early should I be at the airport?',
  'Do you sell gift cards for flights?',
];
