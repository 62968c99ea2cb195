/**
 * Fills a prompt template's `{{name}}` slots from `variables`; a slot with no value is left as
 * written, so a missing variable shows in the rollout's trace rather than vanishing.
 */
export function renderPromptTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (slot, name: string) =>
    Object.hasOwn(variables, name) ? (variables[name] as string) : slot,
  );
}
