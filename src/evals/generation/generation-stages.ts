/**
 * The named stages of a generation, in order, each with how its progress message starts; a
 * refinement first runs the current version on the labels. Shared by the job, the CLI and the
 * dashboard (which lists them, ticking off the ones done).
 */
const STAGES = [
  { title: 'Run the current version on the labels', starts: 'running ', refineOnly: true },
  { title: 'Load the labelled traces', starts: 'loading labelled traces' },
  { title: 'Write candidates', starts: 'writing candidates' },
  { title: 'Cross-validate on held-out labels', starts: 'cross-validating' },
  { title: 'Check the candidates on every label', starts: 'checking ' },
  { title: 'Save the candidates and the winner', starts: 'saving ' },
] as const;

export type GenerationStage = { title: string; starts: string };

/** The stages a job of this type goes through (empty for jobs that are not generations). */
export function generationStages(jobType: string): GenerationStage[] {
  if (jobType === 'eval.refine') {
    return [...STAGES];
  }
  return jobType === 'eval.generate' ? STAGES.filter((s) => !('refineOnly' in s)) : [];
}

/** Index of the stage a progress message belongs to, or -1. */
export function stageIndex(stages: GenerationStage[], message: string | undefined): number {
  return message ? stages.findIndex((s) => message.startsWith(s.starts)) : -1;
}
