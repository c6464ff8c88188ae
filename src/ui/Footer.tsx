import type { KeyHint } from './keys.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

/** The keys that work now, on one line. */
export function Footer({ keys }: { keys: KeyHint[] }) {
  if (keys.length === 0) return null;
  return (
    <Text wrap="truncate">
      {keys.map((k, i) => (
        <Text key={k.key}>
          {i > 0 ? <Text color={tone('muted')}> · </Text> : null}
          <Text bold>{k.key}</Text>
          <Text color={tone('muted')}> {k.label}</Text>
        </Text>
      ))}
    </Text>
  );
}
