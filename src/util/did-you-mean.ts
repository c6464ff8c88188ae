// The typo hints of errors and lint problems, kept apart from the lint machinery (and its YAML
// parser) so a run that only checks a value by name loads neither.

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Candidates close to `word` (typos), closest first. */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  return [...new Set(candidates)]
    .map((c) => ({ c, d: word.length >= 3 && (c.includes(word) || word.includes(c)) ? 1 : distance(word, c) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** ` (did you mean x?)`, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = nearest(word, candidates, 1);
  return near.length ? ` (did you mean ${near[0]}?)` : '';
}
