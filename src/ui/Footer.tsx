import { Box } from 'ink';
import type { KeyHint } from './keys.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

const SEPARATOR = ' · ';

/** A key and what it does, as the footer writes it. */
const hintText = (k: KeyHint) => `${k.key} ${k.label}`;

/**
 * The lines the footer takes at `width` columns: the keys are laid out as the footer does,
 * whole, breaking between keys (the run screen keeps that much room for it).
 */
export function footerLines(keys: readonly KeyHint[], width: number): number {
  if (keys.length === 0) return 0;
  let lines = 1;
  let used = 0;
  keys.forEach((k, i) => {
    const size = (i > 0 ? SEPARATOR.length : 0) + hintText(k).length;
    if (used > 0 && used + size > width) {
      lines += 1;
      used = hintText(k).length;
    } else used += size;
  });
  return lines;
}

/** The keys that work now; on a narrow terminal they go on over more lines, never cut. */
export function Footer({ keys }: { keys: readonly KeyHint[] }) {
  if (keys.length === 0) return null;
  return (
    <Box flexWrap="wrap">
      {keys.map((k, i) => (
        <Text key={`${k.key} ${k.label}`}>
          {i > 0 ? <Text color={tone('muted')}>{SEPARATOR}</Text> : null}
          <Text bold>{k.key}</Text>
          <Text color={tone('muted')}> {k.label}</Text>
        </Text>
      ))}
    </Box>
  );
}
