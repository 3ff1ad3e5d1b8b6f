/**
 * Replaces each secret found in `text` by `***`.
 * @param text - any text (a URL, a message)
 * @param secrets - values to hide; empty values are ignored
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}
