import probes from './static-probes.json';

/**
 * The escape suite's probes, as data in `static-probes.json`: sources the static check must refuse,
 * by the code of the issue it reports (each with the line of the issue and, where a past probe
 * taught it, why), and sources evals legitimately use, which it must accept. The test appends a
 * valid eval function after each body, so only the probe can be the refusal.
 */
type Refused = { name: string; source: string; line: number; why?: string };
type Accepted = { name: string; source: string };

const REFUSED_BY_CODE: Record<string, Refused[]> = probes.refused;

/** The refusals as [name, module body, issue code, line of the issue]. */
export const REFUSED: [string, string, string, number][] = Object.entries(REFUSED_BY_CODE).flatMap(
  ([code, refused]) =>
    refused.map(({ name, source, line }): [string, string, string, number] => [
      name,
      source,
      code,
      line,
    ]),
);

/** Sources evals legitimately use, which the check must accept: [name, module body]. */
export const ACCEPTED: [string, string][] = probes.accepted.map(({ name, source }: Accepted) => [
  name,
  source,
]);
