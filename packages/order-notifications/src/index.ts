/**
 * Replaces `{name}` placeholders with values; unknown names are left untouched.
 * @param template - the template text
 * @param values - the variables
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (match, name: string) => values[name] ?? match);
}
