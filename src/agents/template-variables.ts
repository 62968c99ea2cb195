/** The `{{name}}` slots of a prompt template, in first-seen order. */
export function templateVariables(template: string): string[] {
  const seen = new Set<string>();
  for (const match of template.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)) {
    if (match[1]) {
      seen.add(match[1]);
    }
  }
  return [...seen];
}
