/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every
 * line is a `# HELP`, a `# TYPE` or a sample `name{label="value",…} number`; a family's TYPE
 * comes before its samples and is given once. Throws on anything else, naming the line.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function parsePromText(text: string): { samples: Sample[]; types: Record<string, string> } {
  const samples: Sample[] = [];
  const types: Record<string, string> = {};
  const sampled = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('# HELP ')) return;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      if (!name || !NAME.test(name) || !['gauge', 'counter', 'untyped', 'summary', 'histogram'].includes(type ?? '')) throw new Error(`bad TYPE at ${where}`);
      if (types[name] || sampled.has(name)) throw new Error(`TYPE given twice or after samples at ${where}`);
      types[name] = type!;
      return;
    }
    if (line.startsWith('#')) return;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( \d+)?$/.exec(line);
    if (!m) throw new Error(`not a sample at ${where}`);
    const labels: Record<string, string> = {};
    let rest = m[3] ?? '';
    while (rest !== '') {
      const l = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\[\\"n])*)",?/.exec(rest);
      if (!l) throw new Error(`bad labels at ${where}`);
      labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      rest = rest.slice(l[0].length);
    }
    const value = Number(m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : m[4]);
    if (Number.isNaN(value) && m[4] !== 'NaN') throw new Error(`bad value at ${where}`);
    sampled.add(m[1]!);
    samples.push({ name: m[1]!, labels, value });
  });
  return { samples, types };
}
