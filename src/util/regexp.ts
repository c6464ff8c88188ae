/** Text to match literally inside a regular expression (a file-name prefix, say). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
