import { tone } from './theme.js';
import { Text } from './Text.js';

/** A list field on one line: every answer, the chosen one marked (and inverse while focused). */
export function ChoiceLine({ options, value, focused }: { options: readonly string[]; value: string; focused: boolean }) {
  return (
    <Text>
      {options.map((option, i) => {
        const chosen = option === value;
        const label = option === '' ? '(none)' : option;
        return (
          <Text key={option}>
            {i > 0 ? '  ' : ''}
            {chosen ? (
              <Text inverse={focused} bold>
                {`❯ ${label}`}
              </Text>
            ) : (
              <Text color={tone('muted')}>{`  ${label}`}</Text>
            )}
          </Text>
        );
      })}
    </Text>
  );
}
